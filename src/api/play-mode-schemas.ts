import { z } from "zod";
import { PLAY_MODES } from "../battle/play-mode";
import { apiSchemas, SteamId64 } from "./schemas";

export const ChallengeResponse = z
  .object({
    code: z
      .string()
      .regex(/^[A-HJKMNP-Z2-9]{6}$/)
      .describe("6 characters, no 0/O/1/I/L; give it to the friend"),
    expiresAt: z.iso.datetime().describe("10 minutes after creation (ISO 8601, UTC)"),
  })
  .register(apiSchemas, { id: "Challenge" });

export const LiveBattle = z
  .object({
    matchId: z.string(),
    roomId: z.string().describe("pass to client.joinById(roomId, { spectate: true })"),
    mode: z.enum(PLAY_MODES),
    players: z.array(SteamId64).length(2).describe("seat 0, seat 1"),
    turn: z.number().int().min(0),
    spectators: z.number().int().min(0),
    maxSpectators: z.number().int().min(0),
  })
  .register(apiSchemas, { id: "LiveBattle" });

export const LiveBattlesResponse = z
  .object({ battles: z.array(LiveBattle) })
  .register(apiSchemas, { id: "LiveBattles" });

export const PlayerSettingsBody = z
  .object({ allowSpectators: z.boolean().optional().describe("others may watch your matches (default true)") })
  .strict()
  .register(apiSchemas, { id: "PlayerSettingsInput" });

export const PlayerSettingsResponse = z
  .object({ allowSpectators: z.boolean() })
  .register(apiSchemas, { id: "PlayerSettings" });
