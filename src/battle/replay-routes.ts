import type express from "express";
import { requireAccessToken } from "../auth/require-auth";
import { ApiError } from "../http/http-errors";
import type { Services } from "../services";
import { loadReplay } from "./stored-replay";

/** GET /matches/:id/replay: seed, decks and intent log, for the match's participants only. */
export function mountReplayRoutes(app: express.Application, services: Services): void {
  app.get("/matches/:id/replay", requireAccessToken(services.accessTokens), (req, res, next) => {
    loadReplay(services.db.knex, String(req.params.id))
      .then((stored) => {
        // Not a participant → 404 as for a missing match: do not confirm the id exists.
        if (!stored || !stored.players.some((p) => p.steamId === res.locals.steamId)) {
          throw new ApiError(404, "match_not_found", "No such match among yours");
        }
        res.json(stored);
      })
      .catch(next);
  });
}
