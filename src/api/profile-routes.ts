import type { Application } from "express";
import type { z } from "zod";
import { isSteamId64 } from "../auth/steam-id";
import { findPlayerWithProfile, type ProfileRecord } from "../db/players";
import { ApiError } from "../http/http-errors";
import type { Services } from "../services";
import { authenticated, currentSteamId } from "./authenticated";
import { currentRankOf } from "./player-rank";
import { displayedMmr, isProvisional, rankTier } from "./player-standing";
import type { MyProfileResponse, PublicProfileResponse } from "./schemas";
import { UNAUTHORIZED, type OperationSpec } from "./operation-spec";

export function standingOf(profile: Pick<ProfileRecord, "rating" | "ratingDeviation" | "games">) {
  const provisional = isProvisional(profile.games, profile.ratingDeviation);
  const mmr = displayedMmr(profile.rating, profile.ratingDeviation);
  return { displayedMmr: Math.round(mmr), rankTier: rankTier(mmr, provisional), provisional };
}

export function mountProfileRoutes(app: Application, services: Services): void {
  const knex = services.db.knex;

  // `/me` is a documented alias (the first clients called it before the player API existed).
  app.get(["/api/me", "/me"], ...authenticated(services), async (_req, res) => {
    const found = await findPlayerWithProfile(knex, currentSteamId(res.locals));
    if (!found) throw new ApiError(404, "player_not_found", "Player not found");
    const { player, profile } = found;
    const body: z.infer<typeof MyProfileResponse> = {
      steamId: player.steamId,
      personaName: player.personaName,
      rating: profile.rating,
      ratingDeviation: profile.ratingDeviation,
      ...standingOf(profile),
      level: profile.level,
      xp: profile.xp,
      wins: profile.wins,
      losses: profile.losses,
      draws: profile.draws,
      games: profile.games,
      rank: await currentRankOf(knex, player.steamId),
    };
    res.json(body);
  });

  app.get("/api/players/:steamId", ...authenticated(services), async (req, res) => {
    const steamId = String(req.params.steamId);
    if (!isSteamId64(steamId))
      throw new ApiError(400, "invalid_steam_id", "steamId must be an individual SteamID64 (17 digits)");
    const found = await findPlayerWithProfile(knex, steamId);
    if (!found) throw new ApiError(404, "player_not_found", "Player not found");
    const { player, profile } = found;
    const body: z.infer<typeof PublicProfileResponse> = {
      steamId: player.steamId,
      personaName: player.personaName,
      ...standingOf(profile),
      level: profile.level,
      wins: profile.wins,
      losses: profile.losses,
      draws: profile.draws,
      games: profile.games,
      lastMatchAt: profile.lastMatchAt,
      rank: await currentRankOf(knex, player.steamId),
    };
    res.json(body);
  });
}

const myProfile = (path: string, summary: string): OperationSpec => ({
  method: "get",
  path,
  summary,
  tag: "players",
  auth: true,
  responses: {
    200: { description: "profile", schema: "MyProfile" },
    401: UNAUTHORIZED,
    404: { description: "player_not_found", schema: "Error" },
  },
});

export const profileOperations: OperationSpec[] = [
  myProfile("/me", "Alias of GET /api/me (same response)"),
  myProfile("/api/me", "The player's profile: rating, displayed MMR, tier, provisional flag, stats, season rank"),
  {
    method: "get",
    path: "/api/players/{steamId}",
    summary: "A player's public profile",
    tag: "players",
    auth: true,
    pathParams: { steamId: { description: "SteamID64, decimal", schema: { type: "string", pattern: "^\\d{17}$" } } },
    responses: {
      200: { description: "profile", schema: "PublicProfile" },
      400: { description: "invalid_steam_id", schema: "Error" },
      401: UNAUTHORIZED,
      404: { description: "player_not_found", schema: "Error" },
    },
  },
];
