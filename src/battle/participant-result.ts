import { z } from "zod";
import { LADDER_TIERS, type RankValue } from "../ranked/ladder";
import type { Rating } from "./glicko-rating";
import type { MatchOutcome } from "./progression";

/*
 * One participant's result, defined once: what the settlement computes, the stored match_participants
 * columns, the battle `result` message's `you`, and the REST participant fields are all built here.
 * A new result field is: a migration (its column), the settlement (its value) and this file.
 */

export interface ParticipantRank {
  season: number;
  before: RankValue;
  after: RankValue;
}

export interface ParticipantResult {
  steamId: string;
  seat: 0 | 1;
  result: MatchOutcome;
  before: Rating;
  after: Rating;
  xpGained: number;
  /** null only for rows stored before levels were (migration 20261205100001). */
  levelBefore: number | null;
  levelAfter: number | null;
  /** null when the match changed no rank (no season running, or an unrated match). */
  rank: ParticipantRank | null;
}

// ---- wire shapes (zod) ----

const ratingSchema = z
  .strictObject({ rating: z.number(), deviation: z.number(), volatility: z.number() })
  .meta({ id: "Rating", description: "Glicko-2 rating" });

export const rankValueSchema = z
  .strictObject({
    tier: z.enum(LADDER_TIERS),
    division: z.number().int().min(1).max(4).describe("4 (lowest) … 1 (highest); always 1 in master"),
    points: z.number().int().min(0).describe("0–99 within a division; unbounded in master"),
  })
  .describe("a visible rank on the ladder (docs/ranked.md)");

const rankChange = <T extends z.ZodType>(value: T) =>
  z
    .strictObject({ season: z.number().int().min(1), before: value, after: value })
    .nullable()
    .describe("rank before and after this match; null when no rank changed (unrated, no season running)");
/** The protocol's generated clients name the value type (RankValue); the REST document inlines it. */
const participantRankSchema = rankChange(rankValueSchema);
const participantRankMessageSchema = rankChange(rankValueSchema.meta({ id: "RankValue" }));

const level = z.number().int().min(1);

/** The `you` of the battle `result` message (all null while the result is pending). */
export const resultYouSchema = z.strictObject({
  before: ratingSchema.nullable(),
  after: ratingSchema.nullable(),
  ratingChange: z.number().nullable(),
  xpGained: z.number().int().min(0).nullable(),
  levelBefore: level.nullable(),
  levelAfter: level.nullable(),
  rank: participantRankMessageSchema,
});

export type ResultYou = z.infer<typeof resultYouSchema>;

export function resultYou(p: ParticipantResult | null): ResultYou {
  if (!p)
    return {
      before: null,
      after: null,
      ratingChange: null,
      xpGained: null,
      levelBefore: null,
      levelAfter: null,
      rank: null,
    };
  return {
    before: p.before,
    after: p.after,
    ratingChange: p.after.rating - p.before.rating,
    xpGained: p.xpGained,
    levelBefore: p.levelBefore,
    levelAfter: p.levelAfter,
    rank: p.rank,
  };
}

/** The participant fields of GET /api/me/matches entries and GET /api/matches/:id participants. */
export const participantApiFields = {
  result: z.enum(["win", "loss", "draw"]),
  ratingBefore: z.number(),
  ratingAfter: z.number(),
  ratingChange: z.number(),
  xpGained: z.number().int().min(0),
  levelBefore: level.nullable().describe("null for matches recorded before levels were stored"),
  levelAfter: level.nullable(),
  rank: participantRankSchema,
};

export function participantApiView(p: ParticipantResult) {
  return {
    result: p.result,
    ratingBefore: p.before.rating,
    ratingAfter: p.after.rating,
    ratingChange: p.after.rating - p.before.rating,
    xpGained: p.xpGained,
    levelBefore: p.levelBefore,
    levelAfter: p.levelAfter,
    rank: p.rank,
  };
}

// ---- the stored row (match_participants, besides match_id, player_id, seat, deck_snapshot, ended_at) ----

export type StoredValue = string | number | null;

export function toParticipantRow(p: ParticipantResult): Record<string, StoredValue> {
  return {
    result: p.result,
    rating_before: p.before.rating,
    rating_deviation_before: p.before.deviation,
    volatility_before: p.before.volatility,
    rating_after: p.after.rating,
    rating_deviation_after: p.after.deviation,
    volatility_after: p.after.volatility,
    xp_gained: p.xpGained,
    level_before: p.levelBefore,
    level_after: p.levelAfter,
    rank: p.rank === null ? null : JSON.stringify(p.rank),
  };
}

const parsed = (v: unknown): unknown => (typeof v === "string" ? JSON.parse(v) : v);
const numberOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Reads a stored row back (`steam_id` as text; other columns as the driver returns them). */
export function fromParticipantRow(r: Record<string, unknown>): ParticipantResult {
  return {
    steamId: String(r.steam_id),
    seat: Number(r.seat) as 0 | 1,
    result: r.result as MatchOutcome,
    before: {
      rating: Number(r.rating_before),
      deviation: Number(r.rating_deviation_before),
      volatility: Number(r.volatility_before),
    },
    after: {
      rating: Number(r.rating_after),
      deviation: Number(r.rating_deviation_after),
      volatility: Number(r.volatility_after),
    },
    xpGained: Number(r.xp_gained),
    levelBefore: numberOrNull(r.level_before),
    levelAfter: numberOrNull(r.level_after),
    rank: (parsed(r.rank) as ParticipantRank | null) ?? null,
  };
}
