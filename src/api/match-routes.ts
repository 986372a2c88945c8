import type { Application } from "express";
import { z } from "zod";
import { participantApiView } from "../battle/participant-result";
import { isUuid } from "../db/decks";
import { findMatchSummary, listPlayerMatches, type PlayerMatchRow } from "../db/match-history-read";
import { ApiError } from "../http/http-errors";
import type { Services } from "../services";
import { parseOrThrow } from "../http/validation";
import { authenticated, currentSteamId } from "./authenticated";
import { decodeCursor, encodeCursor } from "./cursor";
import { PageQuery, type MatchPageResponse, type MatchSummaryResponse, type PlayerMatchSchema } from "./schemas";
import { UNAUTHORIZED, PAGE_ERROR, type OperationSpec } from "./operation-spec";

/** Position of the last match shown: exact ended_at (microseconds) and match id. */
const MatchCursor = z.object({
  t: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
  m: z.string().refine(isUuid),
});

const seconds = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);

function toWire(row: PlayerMatchRow): z.infer<typeof PlayerMatchSchema> {
  return {
    matchId: row.matchId,
    endedAt: row.endedAt,
    durationSeconds: seconds(row.startedAt, row.endedAt),
    reason: row.reason,
    ranked: row.ranked,
    mode: row.mode,
    ...participantApiView(row.me),
    opponent: row.opponent,
  };
}

export function mountMatchRoutes(app: Application, services: Services): void {
  const knex = services.db.knex;

  app.get("/api/me/matches", ...authenticated(services), async (req, res) => {
    const query = parseOrThrow(
      PageQuery,
      req.query,
      "invalid_request",
      "Query must be ?limit=1..100&cursor=<nextCursor>",
    );
    const position = query.cursor ? decodeCursor(MatchCursor, query.cursor) : undefined;
    // One extra row tells whether another page exists without a count.
    const rows = await listPlayerMatches(knex, currentSteamId(res.locals), {
      limit: query.limit + 1,
      before: position && { endedAtKey: position.t, matchId: position.m },
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const body: z.infer<typeof MatchPageResponse> = {
      matches: page.map(toWire),
      nextCursor: rows.length > query.limit ? encodeCursor({ t: last.endedAtKey, m: last.matchId }) : null,
    };
    res.json(body);
  });

  app.get("/api/matches/:id", ...authenticated(services), async (req, res) => {
    const matchId = String(req.params.id);
    const match = isUuid(matchId) ? await findMatchSummary(knex, matchId) : null;
    if (!match) throw new ApiError(404, "match_not_found", "No such match");
    const body: z.infer<typeof MatchSummaryResponse> = {
      matchId: match.matchId,
      startedAt: match.startedAt,
      endedAt: match.endedAt,
      durationSeconds: seconds(match.startedAt, match.endedAt),
      reason: match.reason,
      ranked: match.ranked,
      mode: match.mode,
      winnerSteamId: match.winnerSteamId,
      engineVersion: match.engineVersion,
      participants: match.participants.map(({ personaName, participant }) => ({
        steamId: participant.steamId,
        personaName,
        seat: participant.seat,
        ...participantApiView(participant),
      })),
    };
    res.json(body);
  });
}

export const matchOperations: OperationSpec[] = [
  {
    method: "get",
    path: "/api/me/matches",
    summary: "The player's matches, newest first (keyset pagination)",
    tag: "matches",
    auth: true,
    paged: true,
    responses: { 200: { description: "one page", schema: "MatchPage" }, 400: PAGE_ERROR, 401: UNAUTHORIZED },
  },
  {
    method: "get",
    path: "/api/matches/{id}",
    summary: "Public summary of a match",
    tag: "matches",
    auth: true,
    pathParams: { id: { description: "match id (uuid)", schema: { type: "string" } } },
    responses: {
      200: { description: "summary", schema: "MatchSummary" },
      401: UNAUTHORIZED,
      404: { description: "match_not_found", schema: "Error" },
    },
  },
];
