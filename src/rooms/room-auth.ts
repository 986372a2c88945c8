import { ServerError, ErrorCode } from "@colyseus/core";
import { roomServices } from "./room-services";

export interface RoomAuth {
  steamId: string;
}

/**
 * Shared `static onAuth` body. Every room must define its own static onAuth: without one,
 * @colyseus/auth's global default admits clients that send no token at all.
 */
export function authenticateRoomToken(token: unknown): RoomAuth {
  if (typeof token !== "string" || token.length === 0) {
    throw new ServerError(ErrorCode.AUTH_FAILED, "missing access token");
  }
  const claims = roomServices().accessTokens.verify(token);
  if (!claims) throw new ServerError(ErrorCode.AUTH_FAILED, "invalid access token");
  return { steamId: claims.steamId };
}
