// Authenticated JSON calls to the player API; one refresh-and-retry when the access token was refused.
import type { Auth } from "./session";
import { ApiError } from "./errors";

export interface ClientCard {
  id: string;
  name: string;
  cost: number;
  type: "minion" | "spell";
  attack: number | null;
  health: number | null;
  rarity: string;
  text: string;
  collectible: boolean;
}

export interface DeckCards {
  cardId: string;
  count: number;
}

export interface Deck {
  id: string;
  name: string;
  isDefault: boolean;
  cards: DeckCards[];
}

/** A visible rank (docs/ranked.md): division 4 is the lowest of a tier, 1 the highest. */
export interface RankValue {
  tier: string;
  division: number;
  points: number;
}

export interface PlayerRank extends RankValue {
  season: number;
  seasonName: string;
  seasonEndsAt: string;
  topTierPosition: number | null;
  games: number;
}

export interface MatchRank {
  season: number;
  before: RankValue;
  after: RankValue;
}

export interface Profile {
  steamId: string;
  personaName: string;
  rating: number;
  ratingDeviation: number;
  displayedMmr: number;
  rankTier: string;
  provisional: boolean;
  level: number;
  xp: number;
  wins: number;
  losses: number;
  draws: number;
  games: number;
  rank: PlayerRank | null;
}

export interface HistoryEntry {
  matchId: string;
  endedAt: string;
  durationSeconds: number;
  reason: string;
  ranked: boolean;
  result: "win" | "loss" | "draw";
  ratingBefore: number | null;
  ratingAfter: number | null;
  ratingChange: number | null;
  xpGained: number | null;
  levelBefore: number | null;
  levelAfter: number | null;
  rank: MatchRank | null;
  opponent: { steamId: string; personaName: string } | null;
}

export interface LeaderboardEntry {
  rank: number;
  steamId: string;
  personaName: string;
  displayedMmr: number;
  rankTier: string;
  level: number;
  wins: number;
  losses: number;
  draws: number;
  games: number;
}

export class Api {
  constructor(private readonly auth: Auth) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const send = async () => {
      const headers: Record<string, string> = {};
      if (this.auth.session) headers.authorization = `Bearer ${this.auth.session.accessToken}`;
      if (body !== undefined) headers["content-type"] = "application/json";
      try {
        return await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      } catch {
        throw new ApiError(0, "network", "network error");
      }
    };
    let res = await send();
    if (res.status === 401 && this.auth.session) {
      await this.auth.refresh();
      res = await send();
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

  cards = () => this.call<{ engineVersion: string; cards: ClientCard[] }>("GET", "/api/cards");
  collection = () => this.call<{ cards: DeckCards[] }>("GET", "/api/me/collection");
  decks = () => this.call<{ decks: Deck[]; maxDecks: number }>("GET", "/api/me/decks");
  createDeck = (deck: { name: string; cards: DeckCards[] }) => this.call<Deck>("POST", "/api/me/decks", deck);
  updateDeck = (id: string, deck: { name: string; cards: DeckCards[] }) =>
    this.call<Deck>("PUT", `/api/me/decks/${encodeURIComponent(id)}`, deck);
  deleteDeck = (id: string) => this.call<void>("DELETE", `/api/me/decks/${encodeURIComponent(id)}`);
  setDefaultDeck = (deckId: string) => this.call<Deck>("PUT", "/api/me/default-deck", { deckId });
  profile = () => this.call<Profile>("GET", "/api/me");
  matches = (cursor?: string | null, limit = 10) =>
    this.call<{ matches: HistoryEntry[]; nextCursor: string | null }>(
      "GET",
      `/api/me/matches?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
  leaderboard = (cursor?: string | null, limit = 20) =>
    this.call<{ entries: LeaderboardEntry[]; nextCursor: string | null }>(
      "GET",
      `/api/leaderboard?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
  createChallenge = () => this.call<{ code: string; expiresAt: string }>("POST", "/api/challenges");
  liveBattles = () => this.call<{ battles: LiveBattle[] }>("GET", "/api/battles/live");
  settings = () => this.call<{ allowSpectators: boolean }>("GET", "/api/me/settings");
  updateSettings = (change: { allowSpectators?: boolean }) =>
    this.call<{ allowSpectators: boolean }>("PUT", "/api/me/settings", change);
  replay = (matchId: string) => this.call<StoredReplay>("GET", `/matches/${encodeURIComponent(matchId)}/replay`);
}

export interface LiveBattle {
  matchId: string;
  roomId: string;
  mode: "ranked" | "casual" | "challenge";
  players: [string, string];
  turn: number;
  spectators: number;
  maxSpectators: number;
}

export interface StoredReplay {
  matchId: string;
  engineVersion: string;
  seed: string;
  firstSeat: 0 | 1;
  players: Array<{ steamId: string; seat: 0 | 1; deckId: string; deck: string[] }>;
  intentLog: Array<{ seat: 0 | 1; intent: import("../../../src/game").Intent }>;
  forfeit: { seat: 0 | 1; reason: string } | null;
  finalHash: string;
  endReason: string;
}
