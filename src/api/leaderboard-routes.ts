import type { Application } from "express";
import type { Knex } from "knex";
import { z } from "zod";
import { leaderboardPage } from "../db/leaderboard";
import type { Services } from "../services";
import { parseOrThrow } from "../http/validation";
import { authenticated } from "./authenticated";
import { decodeCursor, encodeCursor } from "./cursor";
import { rankTier } from "./player-standing";
import { findSeason, seasonAt, seasonLeaderboardPage, type SeasonRecord } from "../db/seasons";
import { ApiError } from "../http/http-errors";
import { rankOf } from "../ranked/ladder";
import { LeaderboardQuery, type LeaderboardPageResponse, type SeasonLeaderboardPageResponse } from "./schemas";
import { UNAUTHORIZED, type OperationSpec } from "./operation-spec";

/**
 * Position of the last entry shown (exact MMR, SteamID) and its rank. Ranks on later pages continue from
 * the cursor's rank instead of counting every row ahead (a count over up to 1M index entries per request);
 * a walk from page 1 therefore numbers its rows 1, 2, 3… without gaps or repeats even while ratings move.
 */
const LeaderboardCursor = z.object({
  v: z.number().finite(),
  s: z.string().regex(/^\d{17}$/),
  r: z.number().int().min(1),
});

/** Position of the last season-ladder entry shown: LP, exact displayed MMR, SteamID, and its rank. */
const SeasonCursor = z.object({
  l: z.number().int().min(0),
  v: z.number().finite(),
  s: z.string().regex(/^\d{17}$/),
  r: z.number().int().min(1),
});

async function seasonPage(
  knex: Knex,
  season: SeasonRecord,
  query: { limit: number; cursor?: string },
): Promise<z.infer<typeof SeasonLeaderboardPageResponse>> {
  const after = query.cursor ? decodeCursor(SeasonCursor, query.cursor) : undefined;
  const rows = await seasonLeaderboardPage(knex, season.id, {
    limit: query.limit + 1,
    after: after && { ladderPoints: after.l, displayedMmr: after.v, steamId: after.s },
  });
  const firstRank = after ? after.r + 1 : 1;
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    season,
    entries: page.map((row, i) => ({
      rank: firstRank + i,
      steamId: row.steamId,
      personaName: row.personaName,
      ...rankOf(row.ladderPoints),
      displayedMmr: Math.round(row.displayedMmr),
      level: row.level,
      games: row.games,
      wins: row.wins,
      losses: row.losses,
      draws: row.draws,
    })),
    nextCursor:
      rows.length > query.limit
        ? encodeCursor({ l: last.ladderPoints, v: last.displayedMmr, s: last.steamId, r: firstRank + page.length - 1 })
        : null,
  };
}

/** The leaderboard reads straight from player_profiles_leaderboard_idx: no cache to refresh after a match. */
export function mountLeaderboardRoutes(app: Application, services: Services): void {
  const knex = services.db.knex;

  app.get("/api/leaderboard", ...authenticated(services), async (req, res) => {
    const query = parseOrThrow(
      LeaderboardQuery,
      req.query,
      "invalid_request",
      "Query must be ?limit=1..100&cursor=<nextCursor>&season=<id|current>",
    );
    if (query.season !== undefined) {
      const season =
        query.season === "current" ? await seasonAt(knex, new Date()) : await findSeason(knex, query.season);
      if (!season) throw new ApiError(404, "season_not_found", "No such season (or no season is running)");
      res.json(await seasonPage(knex, season, query));
      return;
    }
    const after = query.cursor ? decodeCursor(LeaderboardCursor, query.cursor) : undefined;
    const rows = await leaderboardPage(knex, {
      limit: query.limit + 1,
      after: after && { displayedMmr: after.v, steamId: after.s },
    });
    const firstRank = after ? after.r + 1 : 1;
    const page = rows.slice(0, query.limit);
    const entries = page.map((row, i) => ({
      rank: firstRank + i,
      steamId: row.steamId,
      personaName: row.personaName,
      displayedMmr: Math.round(row.displayedMmr),
      rankTier: rankTier(row.displayedMmr, false),
      level: row.level,
      wins: row.wins,
      losses: row.losses,
      draws: row.draws,
      games: row.games,
    }));
    const last = page[page.length - 1];
    const body: z.infer<typeof LeaderboardPageResponse> = {
      entries,
      nextCursor:
        rows.length > query.limit
          ? encodeCursor({ v: last.displayedMmr, s: last.steamId, r: firstRank + page.length - 1 })
          : null,
    };
    res.json(body);
  });
}

export const leaderboardOperations: OperationSpec[] = [
  {
    method: "get",
    path: "/api/leaderboard",
    summary:
      "Non-provisional players by displayed MMR; with ?season=, that season's ladder by rank, points, MMR (keyset pagination)",
    tag: "players",
    auth: true,
    paged: true,
    queryParams: {
      season: {
        description: "a season id or 'current' (docs/ranked.md); absent: the MMR leaderboard",
        schema: { type: "string", pattern: "^(current|[1-9]\\d{0,9})$" },
      },
    },
    responses: {
      200: {
        description: "one page (SeasonLeaderboardPage with ?season=)",
        schema: ["LeaderboardPage", "SeasonLeaderboardPage"],
      },
      400: { description: "bad limit, cursor or season (invalid_request / invalid_cursor)", schema: "Error" },
      401: UNAUTHORIZED,
      404: { description: "season_not_found", schema: "Error" },
    },
  },
];
