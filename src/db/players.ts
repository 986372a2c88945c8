import type { Knex } from "knex";

export interface PlayerRecord {
  steamId: string;
  personaName: string;
  createdAt: string;
  lastLoginAt: string;
  bannedUntil: string | null;
  banReason: string | null;
}

export interface ProfileRecord {
  rating: number;
  ratingDeviation: number;
  volatility: number;
  level: number;
  xp: number;
  wins: number;
  losses: number;
  draws: number;
  games: number;
  lastMatchAt: string | null;
}

const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();
const isoOrNull = (v: unknown): string | null => (v == null ? null : iso(v));

// steam_id is read as ::text so `pg` (string) and PGlite (BigInt) give the same representation.
export const PLAYER_COLUMNS = [
  "steam_id::text as steam_id",
  "persona_name",
  "created_at",
  "last_login_at",
  "banned_until",
  "ban_reason",
];

export function toPlayer(row: Record<string, unknown>): PlayerRecord {
  return {
    steamId: String(row.steam_id),
    personaName: String(row.persona_name),
    createdAt: iso(row.created_at),
    lastLoginAt: iso(row.last_login_at),
    bannedUntil: isoOrNull(row.banned_until),
    banReason: (row.ban_reason as string | null) ?? null,
  };
}

export function toProfile(row: Record<string, unknown>): ProfileRecord {
  return {
    rating: Number(row.rating),
    ratingDeviation: Number(row.rating_deviation),
    volatility: Number(row.volatility),
    level: Number(row.level),
    xp: Number(row.xp),
    wins: Number(row.wins),
    losses: Number(row.losses),
    draws: Number(row.draws),
    games: Number(row.games),
    lastMatchAt: isoOrNull(row.last_match_at),
  };
}

export function defaultPersonaName(steamId: string): string {
  return `Player ${steamId.slice(-6)}`;
}

/** Hook run inside the registration transaction (starter collection, decks…). */
export type RegistrationStep = (trx: Knex.Transaction, steamId: string) => Promise<void>;

/**
 * Finds the player or registers them: players + player_profiles (+ registration steps) in one
 * transaction. Concurrent first logins of one SteamID race on the primary key; exactly one inserts.
 */
export async function loginPlayer(
  knex: Knex,
  steamId: string,
  registrationSteps: RegistrationStep[] = [],
): Promise<{ player: PlayerRecord; isNew: boolean }> {
  return knex.transaction(async (trx) => {
    // The profile is inserted by the same statement, only when the player row was (xmax = 0: not an update).
    const result = await trx.raw(
      `WITH p AS (
         INSERT INTO players (steam_id, persona_name) VALUES (?, ?)
         ON CONFLICT (steam_id) DO UPDATE SET last_login_at = now()
         RETURNING ${PLAYER_COLUMNS.join(", ")}, (xmax = 0) AS inserted
       ), profile AS (
         INSERT INTO player_profiles (player_id) SELECT ?::bigint FROM p WHERE p.inserted
       )
       SELECT * FROM p`,
      [steamId, defaultPersonaName(steamId), steamId],
    );
    const row = result.rows[0] as Record<string, unknown>;
    const isNew = row.inserted === true;
    if (isNew) for (const step of registrationSteps) await step(trx, steamId);
    return { player: toPlayer(row), isNew };
  });
}

export async function findPlayer(knex: Knex, steamId: string): Promise<PlayerRecord | null> {
  const row = await knex("players")
    .select(PLAYER_COLUMNS.map((c) => knex.raw(c)))
    .where({ steam_id: steamId })
    .first();
  return row ? toPlayer(row) : null;
}

export async function findPlayerWithProfile(
  knex: Knex,
  steamId: string,
): Promise<{ player: PlayerRecord; profile: ProfileRecord } | null> {
  const row = await knex("players as p")
    .join("player_profiles as pp", "pp.player_id", "p.steam_id")
    .select([
      knex.raw("p.steam_id::text as steam_id"),
      "p.persona_name",
      "p.created_at",
      "p.last_login_at",
      "p.banned_until",
      "p.ban_reason",
      "pp.*",
    ])
    .where("p.steam_id", steamId)
    .first();
  return row ? { player: toPlayer(row), profile: toProfile(row) } : null;
}

/** A player's current Glicko-2 rating and deviation; null without a profile. */
export async function findRating(knex: Knex, steamId: string): Promise<{ rating: number; deviation: number } | null> {
  const row = await knex("player_profiles").select("rating", "rating_deviation").where({ player_id: steamId }).first();
  return row ? { rating: Number(row.rating), deviation: Number(row.rating_deviation) } : null;
}

export function isBanned(player: PlayerRecord, now = new Date()): boolean {
  return player.bannedUntil !== null && new Date(player.bannedUntil) > now;
}
