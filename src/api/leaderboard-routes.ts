import type { Application } from "express";
import { z } from "zod";
import { leaderboardPage } from "../db/leaderboard";
import type { Services } from "../services";
import { parseOrThrow } from "../http/validation";
import { authenticated } from "./authenticated";
import { decodeCursor, encodeCursor } from "./cursor";
import { rankTier } from "./player-standing";
import { PageQuery, type LeaderboardPageResponse } from "./schemas";
import { UNAUTHORIZED, PAGE_ERROR, type OperationSpec } from "./operation-spec";

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

/** The leaderboard reads straight from player_profiles_leaderboard_idx: no cache to refresh after a match. */
export function mountLeaderboardRoutes(app: Application, services: Services): void {
  const knex = services.db.knex;

  app.get("/api/leaderboard", ...authenticated(services), async (req, res) => {
    const query = parseOrThrow(PageQuery, req.query, "invalid_request", "Query must be ?limit=1..100&cursor=<nextCursor>");
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
        rows.length > query.limit ? encodeCursor({ v: last.displayedMmr, s: last.steamId, r: firstRank + page.length - 1 }) : null,
    };
    res.json(body);
  });
}

export const leaderboardOperations: OperationSpec[] = [
  {
    method: "get", path: "/api/leaderboard", summary: "Non-provisional players by displayed MMR, with ranks (keyset pagination)", tag: "players",
    auth: true, paged: true,
    responses: { 200: { description: "one page", schema: "LeaderboardPage" }, 400: PAGE_ERROR, 401: UNAUTHORIZED },
  },
];
