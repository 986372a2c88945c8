// Login state: tokens in sessionStorage (per tab, gone when the tab closes), refreshed before they expire.
import { ApiError } from "./errors";

export interface LoginReply {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  player: { steamId: string; personaName: string; isNew: boolean };
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** ms epoch at which the access token expires. */
  expiresAt: number;
  steamId: string;
  personaName: string;
}

const KEY = "cardgame.session";

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

function store(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "network", "network error");
  }
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string; details?: [] } };
  if (!res.ok)
    throw new ApiError(
      res.status,
      json.error?.code ?? "http_" + res.status,
      json.error?.message ?? res.statusText,
      json.error?.details,
    );
  return json as T;
}

function fromReply(reply: LoginReply): Session {
  return {
    accessToken: reply.accessToken,
    refreshToken: reply.refreshToken,
    expiresAt: Date.now() + reply.expiresIn * 1000,
    steamId: reply.player.steamId,
    personaName: reply.player.personaName,
  };
}

type Listener = (session: Session | null) => void;

/** The one logged-in session of this tab; refreshes itself a minute (or a fifth of the lifetime) before expiry. */
export class Auth {
  session: Session | null = loadSession();
  private timer: number | undefined;
  private refreshing: Promise<Session> | null = null;
  private readonly listeners: Listener[] = [];

  constructor() {
    this.schedule();
  }

  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  async login(ticket: string): Promise<Session> {
    const reply = await postJson<LoginReply>("/auth/steam", { ticket });
    this.set(fromReply(reply));
    return this.session!;
  }

  /** A new token pair from /auth/refresh (the old refresh token is spent). One call at a time. */
  refresh(): Promise<Session> {
    const current = this.session;
    if (!current) return Promise.reject(new ApiError(401, "unauthorized", "not logged in"));
    this.refreshing ??= postJson<LoginReply>("/auth/refresh", { refreshToken: current.refreshToken })
      .then((reply) => {
        this.set(fromReply(reply));
        return this.session!;
      })
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status >= 400 && err.status < 500) this.set(null);
        throw err;
      })
      .finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  async logout(): Promise<void> {
    const current = this.session;
    this.set(null);
    if (current) await postJson("/auth/logout", { refreshToken: current.refreshToken }).catch(() => undefined);
  }

  private set(session: Session | null): void {
    this.session = session;
    store(session);
    this.schedule();
    for (const listener of this.listeners) listener(session);
  }

  private schedule(): void {
    window.clearTimeout(this.timer);
    if (!this.session) return;
    const lifetime = this.session.expiresAt - Date.now();
    const lead = Math.min(60_000, lifetime / 5);
    this.timer = window.setTimeout(() => void this.refresh().catch(() => undefined), Math.max(0, lifetime - lead));
  }
}
