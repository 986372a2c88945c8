import { ServerError, ErrorCode } from "@colyseus/core";
import type { Knex } from "knex";
import type { AccessTokenIssuer } from "../auth/access-tokens";
import { findPlayer, isBanned } from "../db/players";
import { asMatchmakingError } from "../dependency-errors";

export interface RoomAuth {
  steamId: string;
}

export interface RoomAuthDeps {
  accessTokens: AccessTokenIssuer;
  knex: Knex;
}

/**
 * The body of a room's `static onAuth`. Every room must define its own static onAuth: without one,
 * @colyseus/auth's global default admits clients that send no token at all.
 */
export function roomAuthenticator(deps: RoomAuthDeps): (token: unknown) => Promise<RoomAuth> {
  return async (token) => {
    if (typeof token !== "string" || token.length === 0) {
      throw new ServerError(ErrorCode.AUTH_FAILED, "missing access token");
    }
    const claims = deps.accessTokens.verify(token);
    if (!claims) throw new ServerError(ErrorCode.AUTH_FAILED, "invalid access token");
    // A ban applies at once to play, without waiting for the access token to expire.
    const player = await findPlayer(deps.knex, claims.steamId).catch(asMatchmakingError);
    if (!player) throw new ServerError(ErrorCode.AUTH_FAILED, "unknown player");
    if (isBanned(player)) throw new ServerError(ErrorCode.AUTH_FAILED, "banned");
    return { steamId: claims.steamId };
  };
}
