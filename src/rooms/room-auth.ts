import { ServerError, ErrorCode } from "@colyseus/core";
import { roomServices } from "./room-services";
import { findPlayer, isBanned } from "../db/players";
import { asMatchmakingError } from "../dependency-errors";

export interface RoomAuth {
  steamId: string;
}

/**
 * Shared `static onAuth` body. Every room must define its own static onAuth: without one,
 * @colyseus/auth's global default admits clients that send no token at all.
 */
export async function authenticateRoomToken(token: unknown): Promise<RoomAuth> {
  if (typeof token !== "string" || token.length === 0) {
    throw new ServerError(ErrorCode.AUTH_FAILED, "missing access token");
  }
  const services = roomServices();
  const claims = services.accessTokens.verify(token);
  if (!claims) throw new ServerError(ErrorCode.AUTH_FAILED, "invalid access token");
  // A ban applies at once to play, without waiting for the access token to expire.
  const player = await findPlayer(services.db.knex, claims.steamId).catch(asMatchmakingError);
  if (!player) throw new ServerError(ErrorCode.AUTH_FAILED, "unknown player");
  if (isBanned(player)) throw new ServerError(ErrorCode.AUTH_FAILED, "banned");
  return { steamId: claims.steamId };
}
