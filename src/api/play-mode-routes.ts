import { matchMaker } from "@colyseus/core";
import type { Application } from "express";
import type { z } from "zod";
import { isPlayMode } from "../battle/play-mode";
import { readPlayerSettings, updatePlayerSettings } from "../db/player-settings";
import { ApiError } from "../http/http-errors";
import { parseOrThrow } from "../http/validation";
import type { Services } from "../services";
import { authenticated, currentSteamId } from "./authenticated";
import { UNAUTHORIZED, type OperationSpec } from "./operation-spec";
import {
  PlayerSettingsBody,
  type ChallengeResponse,
  type LiveBattlesResponse,
  type PlayerSettingsResponse,
} from "./play-mode-schemas";

const BATTLE_ROOM = "battle";

interface BattleListing {
  matchId?: unknown;
  players?: unknown;
  mode?: unknown;
  spectate?: unknown;
  turn?: unknown;
  spectators?: unknown;
}

/** Friend challenges, the live battles one may watch, and the player's settings (docs/api.md, "Play modes"). */
export function mountPlayModeRoutes(app: Application, services: Services): void {
  const knex = services.db.knex;
  const auth = authenticated(services);

  // One open challenge per player: a second POST closes the first code and answers a new one.
  app.post("/api/challenges", ...auth, async (_req, res) => {
    const challenge = await services.playModes.challenges.create(currentSteamId(res.locals));
    const body: z.infer<typeof ChallengeResponse> = {
      code: challenge.code,
      expiresAt: new Date(challenge.expiresAt).toISOString(),
    };
    res.status(201).json(body);
  });

  // Every process's battles (the Colyseus room listing is cluster-wide over Redis).
  app.get("/api/battles/live", ...auth, async (_req, res) => {
    // An HTTP-only app (no Colyseus server in the process, as in the API tests) has no room listing at all.
    const rooms = matchMaker.driver ? await matchMaker.query({ name: BATTLE_ROOM }) : [];
    const battles: z.infer<typeof LiveBattlesResponse>["battles"] = [];
    for (const room of rooms) {
      const listing = (room.metadata ?? {}) as BattleListing;
      // players stay hidden until both have joined (the game starts): such a battle is not listed yet
      if (
        listing.spectate !== true ||
        !Array.isArray(listing.players) ||
        listing.players.length !== 2 ||
        !isPlayMode(listing.mode)
      )
        continue;
      battles.push({
        matchId: String(listing.matchId),
        roomId: room.roomId,
        mode: listing.mode,
        players: listing.players.map(String),
        turn: Number(listing.turn ?? 0),
        spectators: Number(listing.spectators ?? 0),
        maxSpectators: Math.max(0, room.maxClients - 2),
      });
    }
    const body: z.infer<typeof LiveBattlesResponse> = { battles };
    res.json(body);
  });

  app.get("/api/me/settings", ...auth, async (_req, res) => {
    const settings = await readPlayerSettings(knex, currentSteamId(res.locals));
    if (!settings) throw new ApiError(404, "player_not_found", "Player not found");
    const body: z.infer<typeof PlayerSettingsResponse> = settings;
    res.json(body);
  });

  app.put("/api/me/settings", ...auth, async (req, res) => {
    const change = parseOrThrow(
      PlayerSettingsBody,
      req.body,
      "invalid_request",
      "Body must be { allowSpectators?: boolean }",
    );
    const settings = await updatePlayerSettings(knex, currentSteamId(res.locals), change);
    if (!settings) throw new ApiError(404, "player_not_found", "Player not found");
    const body: z.infer<typeof PlayerSettingsResponse> = settings;
    res.json(body);
  });
}

export const playModeOperations: OperationSpec[] = [
  {
    method: "post",
    path: "/api/challenges",
    summary:
      "Open a friend challenge: a code both players join the queue with (mode challenge); a second call replaces the first code",
    tag: "play",
    auth: true,
    responses: { 201: { description: "the open challenge", schema: "Challenge" }, 401: UNAUTHORIZED },
  },
  {
    method: "get",
    path: "/api/battles/live",
    summary: "Running battles whose players allow spectators, on every process",
    tag: "play",
    auth: true,
    responses: { 200: { description: "live battles", schema: "LiveBattles" }, 401: UNAUTHORIZED },
  },
  {
    method: "get",
    path: "/api/me/settings",
    summary: "The player's settings",
    tag: "players",
    auth: true,
    responses: {
      200: { description: "settings", schema: "PlayerSettings" },
      401: UNAUTHORIZED,
      404: { description: "player_not_found", schema: "Error" },
    },
  },
  {
    method: "put",
    path: "/api/me/settings",
    summary: "Change the player's settings (fields left out keep their value)",
    tag: "players",
    auth: true,
    body: "PlayerSettingsInput",
    responses: {
      200: { description: "settings after the change", schema: "PlayerSettings" },
      400: { description: "invalid_request", schema: "Error" },
      401: UNAUTHORIZED,
      404: { description: "player_not_found", schema: "Error" },
    },
  },
];
