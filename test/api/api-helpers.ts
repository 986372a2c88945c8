import { randomUUID } from "node:crypto";
import type { Knex } from "knex";
import { request } from "../helpers/http";
import type { TestHttpApp } from "../helpers/test-app";

/** Env for API suites: dev Steam tickets and no login rate limit in the way. */
export const API_TEST_ENV = { STEAM_AUTH_MODE: "dev", LOGIN_RATE_LIMIT_PER_MINUTE: "100000" };

let counter = 0;
/** A valid individual SteamID64, distinct per call (and per suite file via `block`). */
export function newSteamId(block: number): string {
  return String(
    76561198000000000n + BigInt(process.pid % 1000) * 1_000_000n + BigInt(block) * 10_000n + BigInt(++counter),
  );
}

export interface LoggedIn {
  steamId: string;
  token: string;
}

export async function loginAs(app: TestHttpApp, steamId: string): Promise<LoggedIn> {
  const res = await request(app.baseUrl, "POST", "/auth/steam", { body: { ticket: `dev:${steamId}` } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { steamId, token: res.body.accessToken };
}

export async function setProfile(knex: Knex, steamId: string, values: Record<string, unknown>): Promise<void> {
  await knex("player_profiles").where({ player_id: steamId }).update(values);
}

/** A player row + profile written directly (no starter content): for leaderboard fixtures. */
export async function insertRatedPlayer(
  knex: Knex,
  steamId: string,
  profile: { rating: number; rating_deviation: number; games: number; wins?: number },
): Promise<void> {
  await knex("players").insert({ steam_id: steamId, persona_name: `P${steamId.slice(-5)}` });
  await knex("player_profiles").insert({ player_id: steamId, wins: profile.wins ?? 0, ...profile });
}

export interface InsertedMatch {
  id: string;
  endedAt: Date;
}

/** Writes a finished match the way the battle room does: match_history + one match_participants row per seat. */
export async function insertMatch(
  knex: Knex,
  m: {
    a: string;
    b: string;
    winner: "a" | "b" | null;
    endedAt: Date;
    durationSeconds?: number;
    reason?: string;
    id?: string;
  },
): Promise<InsertedMatch> {
  const id = m.id ?? randomUUID();
  const startedAt = new Date(m.endedAt.getTime() - (m.durationSeconds ?? 300) * 1000);
  await knex("match_history").insert({
    id,
    started_at: startedAt,
    ended_at: m.endedAt,
    end_reason: m.reason ?? "hero_died",
    winner_id: m.winner === null ? null : m.winner === "a" ? m.a : m.b,
    engine_version: "test",
    seed: "seed",
    intent_log: JSON.stringify([]),
  });
  const resultOf = (side: "a" | "b") => (m.winner === null ? "draw" : m.winner === side ? "win" : "loss");
  const delta = (side: "a" | "b") => (m.winner === null ? 0 : m.winner === side ? 12.5 : -12.5);
  await knex("match_participants").insert(
    (["a", "b"] as const).map((side, seat) => ({
      match_id: id,
      player_id: m[side],
      seat,
      deck_snapshot: JSON.stringify([]),
      result: resultOf(side),
      rating_before: 1500,
      rating_deviation_before: 200,
      volatility_before: 0.06,
      rating_after: 1500 + delta(side),
      rating_deviation_after: 190,
      volatility_after: 0.06,
      xp_gained: 10,
      ended_at: m.endedAt,
    })),
  );
  return { id, endedAt: m.endedAt };
}
