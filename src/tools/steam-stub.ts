/**
 * Local stand-in for Steam's `ISteamUserAuth/AuthenticateUserTicket/v1`, answering in Steam's exact
 * formats, for tests, local development and load tests. See docs/steam.md.
 *
 * Never expose it publicly: anyone who can reach it can mint tickets for any SteamID.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import SteamID = require("steamid");
import { z } from "zod";

export type StubMode =
  | { kind: "normal" }
  | { kind: "error"; errorcode: number; errordesc?: string }
  /** Answer `status` (with optional Retry-After); with `times`, only the next `times` calls, then back to normal. */
  | { kind: "status"; status: number; retryAfter?: number; times?: number }
  | { kind: "hang" }
  | { kind: "bad_steamid"; steamid: string }
  /** HTTP 200 with a body that is not Steam's JSON (default: truncated JSON). */
  | { kind: "garbage"; body?: string };

export interface IssueTicketOptions {
  vacBanned?: boolean;
  publisherBanned?: boolean;
  /** Licence owner; set it to another SteamID to simulate Family Sharing. */
  ownerSteamId?: string;
  /**
   * The identity the client passed to GetAuthTicketForWebApi. A request that sends an identity validates the
   * ticket only when it is this one (a ticket minted without one included); a request without one validates it.
   */
  identity?: string;
}

/** What the stub saw for one AuthenticateUserTicket call (for assertions in tests). */
export interface StubRequestRecord {
  method: string;
  path: string;
  appid: string | null;
  ticket: string | null;
  identity: string | null;
  /** Where the key came from: `x-webapi-key` header, `key` query parameter, or nowhere. */
  keySource: "header" | "query" | null;
  keyAccepted: boolean;
  /** Names of the query parameters, in order (lets tests check the key is not in the URL). */
  queryKeys: string[];
}

export interface SteamStub {
  /** Base URL, e.g. `http://127.0.0.1:PORT`; use it as the client's `apiBase`. */
  url: string;
  issueTicket(steamId: string, opts?: IssueTicketOptions): string;
  setMode(mode: StubMode): void;
  readonly mode: StubMode;
  /** Number of AuthenticateUserTicket requests received (control API calls are not counted). */
  readonly calls: number;
  /** The most recent AuthenticateUserTicket requests (at most 100), oldest first. */
  readonly requests: readonly StubRequestRecord[];
  close(): Promise<void>;
}

export interface StartSteamStubOptions {
  /** 0 (default) = random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Key the stub requires. Default: any non-empty key is accepted (a missing key still gets 403). */
  apiKey?: string;
  /** App ID tickets are issued for. Default 480 (Spacewar). */
  appId?: number;
}

export const STUB_DEFAULT_APP_ID = 480;
/** Prefix of pre-seeded tickets: hex("stub:") + hex(steamid64). */
export const PRESEEDED_TICKET_PREFIX = "stub:";

const AUTH_PATHS = new Set([
  "/ISteamUserAuth/AuthenticateUserTicket/v1",
  "/ISteamUserAuth/AuthenticateUserTicket/v1/",
  "/ISteamUserAuth/AuthenticateUserTicket/v0001",
  "/ISteamUserAuth/AuthenticateUserTicket/v0001/",
]);
const MAX_TICKET_HEX = 5120;
const MAX_CONTROL_BODY = 64 * 1024;
const MAX_RECORDS = 100;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  3: "Invalid parameter",
  101: "Invalid ticket",
  102: "Ticket for other app",
};

interface IssuedTicket {
  steamId: string;
  ownerSteamId: string;
  vacBanned: boolean;
  publisherBanned: boolean;
  identity?: string;
}

const SteamIdString = z.string().refine(isIndividual, { message: "not a valid individual SteamID64" });
const IssueBody = z.object({
  steamId: SteamIdString,
  vacBanned: z.boolean().optional(),
  publisherBanned: z.boolean().optional(),
  ownerSteamId: SteamIdString.optional(),
  identity: z.string().min(1).max(256).optional(),
});
const ModeBody = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("normal") }),
  z.object({ kind: z.literal("error"), errorcode: z.number().int(), errordesc: z.string().optional() }),
  z.object({
    kind: z.literal("status"),
    status: z.number().int().min(100).max(599),
    retryAfter: z.number().int().min(0).optional(),
    times: z.number().int().min(1).optional(),
  }),
  z.object({ kind: z.literal("hang") }),
  z.object({ kind: z.literal("bad_steamid"), steamid: z.string() }),
  z.object({ kind: z.literal("garbage"), body: z.string().optional() }),
]);

function isIndividual(value: string): boolean {
  if (!/^[0-9]{17}$/.test(value)) return false;
  try {
    const sid = new SteamID(value);
    return sid.isValidIndividual() && sid.getSteamID64() === value;
  } catch {
    return false;
  }
}

/**
 * Hex ticket that the stub accepts as `steamId` without it being issued (any identity, no bans).
 * An optional nonce (`stub:<steamid>:<nonce>`) makes each ticket unique, as real tickets are.
 */
export function preseededTicket(steamId: string, nonce?: string | number): string {
  const text = PRESEEDED_TICKET_PREFIX + steamId + (nonce === undefined ? "" : `:${nonce}`);
  return Buffer.from(text, "ascii").toString("hex");
}

function decodePreseeded(ticketLower: string): string | null {
  const prefixHex = Buffer.from(PRESEEDED_TICKET_PREFIX, "ascii").toString("hex");
  if (!ticketLower.startsWith(prefixHex)) return null;
  const text = Buffer.from(ticketLower, "hex").toString("latin1");
  const steamId = text.slice(PRESEEDED_TICKET_PREFIX.length).split(":")[0];
  return isIndividual(steamId) ? steamId : null;
}

function html(title: string, text: string): string {
  return `<html><head><title>${title}</title></head><body><h1>${title}</h1>${text}</body></html>`;
}

export function startSteamStub(opts: StartSteamStubOptions = {}): Promise<SteamStub> {
  const host = opts.host ?? "127.0.0.1";
  const requiredKey = opts.apiKey;
  const appId = String(opts.appId ?? STUB_DEFAULT_APP_ID);
  const tickets = new Map<string, IssuedTicket>();
  const sockets = new Set<Socket>();
  const records: StubRequestRecord[] = [];
  let mode: StubMode = { kind: "normal" };
  let calls = 0;
  let closed = false;

  function send(
    res: http.ServerResponse,
    status: number,
    body: string,
    contentType: string,
    extraHeaders: Record<string, string> = {},
  ): void {
    res.writeHead(status, {
      "content-type": contentType,
      "content-length": Buffer.byteLength(body),
      ...extraHeaders,
    });
    res.end(body);
  }
  const sendJson = (res: http.ServerResponse, status: number, value: unknown): void =>
    send(res, status, JSON.stringify(value), "application/json; charset=UTF-8");
  const sendHtml = (
    res: http.ServerResponse,
    status: number,
    title: string,
    text: string,
    extra?: Record<string, string>,
  ): void => send(res, status, html(title, text), "text/html; charset=UTF-8", extra);
  const steamError = (res: http.ServerResponse, errorcode: number, errordesc?: string): void =>
    sendJson(res, 200, {
      response: { error: { errorcode, errordesc: errordesc ?? ERROR_DESCRIPTIONS[errorcode] ?? "Error" } },
    });
  const steamOk = (
    res: http.ServerResponse,
    t: IssuedTicket | { steamId: string; ownerSteamId: string; vacBanned: boolean; publisherBanned: boolean },
  ): void =>
    sendJson(res, 200, {
      response: {
        params: {
          result: "OK",
          steamid: t.steamId,
          ownersteamid: t.ownerSteamId,
          vacbanned: t.vacBanned,
          publisherbanned: t.publisherBanned,
        },
      },
    });

  function handleAuth(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    calls++;
    const q = url.searchParams;
    const headerKey = req.headers["x-webapi-key"];
    const hk = typeof headerKey === "string" && headerKey.length > 0 ? headerKey : null;
    const qk = q.get("key");
    const key = hk ?? (qk !== null && qk.length > 0 ? qk : null);
    const keyAccepted = key !== null && (requiredKey === undefined || key === requiredKey);
    records.push({
      method: req.method ?? "",
      path: url.pathname,
      appid: q.get("appid"),
      ticket: q.get("ticket"),
      identity: q.get("identity"),
      keySource: hk !== null ? "header" : key !== null ? "query" : null,
      keyAccepted,
      queryKeys: [...q.keys()],
    });
    if (records.length > MAX_RECORDS) records.shift();

    // Outage modes come first: Steam being down does not look at the request.
    if (mode.kind === "hang") return; // never answered; close() destroys the socket
    if (mode.kind === "status") {
      const extra: Record<string, string> = {};
      if (mode.retryAfter !== undefined) extra["retry-after"] = String(mode.retryAfter);
      const title = http.STATUS_CODES[mode.status] ?? "Error";
      const status = mode.status;
      if (mode.times !== undefined) {
        mode = mode.times > 1 ? { ...mode, times: mode.times - 1 } : { kind: "normal" };
      }
      sendHtml(res, status, title, title, extra);
      return;
    }
    if (req.method !== "GET") {
      sendHtml(res, 405, "Method Not Allowed", "Method Not Allowed");
      return;
    }
    if (!keyAccepted) {
      // Steam's answer to a bad/missing key: 403 with an HTML body, not JSON.
      sendHtml(
        res,
        403,
        "Forbidden",
        "Access is denied. Retrying will not help. Please verify your <pre>key=</pre> parameter.",
      );
      return;
    }
    if (mode.kind === "error") {
      steamError(res, mode.errorcode, mode.errordesc);
      return;
    }
    if (mode.kind === "garbage") {
      send(
        res,
        200,
        mode.body ?? '{"response":{"params":{"result":"OK","steamid":"7656',
        "application/json; charset=UTF-8",
      );
      return;
    }
    if (mode.kind === "bad_steamid") {
      steamOk(res, { steamId: mode.steamid, ownerSteamId: mode.steamid, vacBanned: false, publisherBanned: false });
      return;
    }

    // normal
    const appid = q.get("appid");
    const ticket = q.get("ticket");
    const identity = q.get("identity");
    if (
      appid === null ||
      !/^[0-9]{1,10}$/.test(appid) ||
      Number(appid) > 0xffffffff ||
      ticket === null ||
      ticket.length === 0 ||
      ticket.length % 2 !== 0 ||
      ticket.length > MAX_TICKET_HEX ||
      !/^[0-9a-fA-F]+$/.test(ticket)
    ) {
      steamError(res, 3);
      return;
    }
    const lower = ticket.toLowerCase();
    const issued = tickets.get(lower);
    if (issued) {
      // As Valve documents it: a request carrying an identity validates only tickets minted with that
      // identity; a request without one validates a ticket whatever identity it was minted with (which is
      // why production must send one).
      if (identity !== null && issued.identity !== identity) {
        steamError(res, 101);
        return;
      }
      if (String(Number(appid)) !== appId) {
        steamError(res, 102);
        return;
      }
      steamOk(res, issued);
      return;
    }
    const preseeded = decodePreseeded(lower);
    if (preseeded !== null) {
      if (String(Number(appid)) !== appId) {
        steamError(res, 102);
        return;
      }
      steamOk(res, { steamId: preseeded, ownerSteamId: preseeded, vacBanned: false, publisherBanned: false });
      return;
    }
    steamError(res, 101);
  }

  function readJson(req: http.IncomingMessage): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_CONTROL_BODY) {
          reject(new Error("body too large"));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on("end", () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8") || "null"));
        } catch {
          reject(new Error("body is not JSON"));
        }
      });
      req.on("error", reject);
    });
  }

  async function handleControl(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (url.pathname === "/stub/state" && req.method === "GET") {
      sendJson(res, 200, { mode, calls, appId: Number(appId), issuedTickets: tickets.size });
      return;
    }
    if (req.method !== "POST" || (url.pathname !== "/stub/tickets" && url.pathname !== "/stub/mode")) {
      sendJson(res, 404, { error: "not found" });
      return;
    }
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (err) {
      sendJson(res, 400, { error: (err as Error).message });
      return;
    }
    if (url.pathname === "/stub/tickets") {
      const parsed = IssueBody.safeParse(body);
      if (!parsed.success) {
        sendJson(res, 400, {
          error: "invalid body",
          issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
        });
        return;
      }
      const { steamId, ...rest } = parsed.data;
      sendJson(res, 200, { ticket: stub.issueTicket(steamId, rest) });
      return;
    }
    const parsed = ModeBody.safeParse(body);
    if (!parsed.success) {
      sendJson(res, 400, {
        error: "invalid mode",
        issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
      });
      return;
    }
    stub.setMode(parsed.data);
    sendJson(res, 200, { mode });
  }

  const server = http.createServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://stub.invalid");
    } catch {
      sendHtml(res, 400, "Bad Request", "Bad Request");
      return;
    }
    if (AUTH_PATHS.has(url.pathname)) {
      handleAuth(req, res, url);
      return;
    }
    if (url.pathname.startsWith("/stub/")) {
      handleControl(req, res, url).catch(() => {
        if (!res.headersSent) sendJson(res, 500, { error: "internal stub error" });
      });
      return;
    }
    sendHtml(res, 404, "Not Found", "Not Found");
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  const stub: SteamStub = {
    url: "",
    issueTicket(steamId: string, o: IssueTicketOptions = {}): string {
      if (!isIndividual(steamId)) throw new TypeError("issueTicket: steamId must be a valid individual SteamID64");
      const ownerSteamId = o.ownerSteamId ?? steamId;
      if (!isIndividual(ownerSteamId))
        throw new TypeError("issueTicket: ownerSteamId must be a valid individual SteamID64");
      if (o.identity !== undefined && o.identity.length === 0)
        throw new TypeError("issueTicket: identity must be non-empty");
      // 120 random bytes = 240 hex chars (within 64..512). Cannot collide with pre-seeded ones in practice.
      const ticket = randomBytes(120).toString("hex");
      tickets.set(ticket, {
        steamId,
        ownerSteamId,
        vacBanned: o.vacBanned ?? false,
        publisherBanned: o.publisherBanned ?? false,
        identity: o.identity,
      });
      return ticket;
    },
    setMode(next: StubMode): void {
      mode = { ...next } as StubMode;
    },
    get mode(): StubMode {
      return mode;
    },
    get calls(): number {
      return calls;
    },
    get requests(): readonly StubRequestRecord[] {
      return records;
    },
    close(): Promise<void> {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hanging requests and keep-alive sockets would otherwise keep close() waiting forever.
        for (const s of sockets) s.destroy();
        sockets.clear();
      });
    },
  };

  return new Promise<SteamStub>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      const addr = server.address() as AddressInfo;
      const hostPart = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
      stub.url = `http://${hostPart}:${addr.port}`;
      resolve(stub);
    });
  });
}
