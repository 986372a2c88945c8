// What every screen shares: the login, the API, the card catalog, the Colyseus client and navigation.
import { Client } from "@colyseus/sdk";
import { Api, type ClientCard } from "./api";
import type { CardLookup } from "./board";
import { Auth } from "./session";

export class Context {
  readonly auth = new Auth();
  readonly api = new Api(this.auth);
  private catalog = new Map<string, ClientCard>();
  private catalogLoad: Promise<void> | null = null;

  /** Same origin as the page: the server that served it hosts the matchmaker too. */
  colyseus(): Client {
    const client = new Client(location.origin);
    client.auth.token = this.auth.session?.accessToken ?? "";
    return client;
  }

  readonly card: CardLookup = (id) => this.catalog.get(id);

  loadCards(): Promise<void> {
    this.catalogLoad ??= this.api.cards().then(
      (r) => {
        for (const c of r.cards) this.catalog.set(c.id, c);
      },
      (err: unknown) => {
        this.catalogLoad = null;
        throw err;
      },
    );
    return this.catalogLoad;
  }

  allCards(): ClientCard[] {
    return [...this.catalog.values()];
  }

  go(hash: string): void {
    if (location.hash === hash) window.dispatchEvent(new HashChangeEvent("hashchange"));
    else location.hash = hash;
  }
}

/** A stored battle to get back into after a reload (the SDK's reconnection token). */
export interface StoredBattle {
  token: string;
  matchId: string;
}

const BATTLE_KEY = "cardgame.battle";

export function storedBattle(): StoredBattle | null {
  try {
    const raw = sessionStorage.getItem(BATTLE_KEY);
    return raw ? (JSON.parse(raw) as StoredBattle) : null;
  } catch {
    return null;
  }
}

export function storeBattle(battle: StoredBattle | null): void {
  if (battle) sessionStorage.setItem(BATTLE_KEY, JSON.stringify(battle));
  else sessionStorage.removeItem(BATTLE_KEY);
}
