import { ServerError, ErrorCode } from "@colyseus/core";
import type { AccessTokenIssuer } from "../auth/access-tokens";
import type { BanList, SessionRefusal } from "../auth/ban-list";
import { asMatchmakingError } from "../dependency-errors";

export interface RoomAuth {
  steamId: string;
  /** The refresh-token family of the login (a revoked family ends the session). */
  familyId?: string;
  /** The licence owner when another account (Family Sharing): a ban on it ends the session. */
  ownerSteamId?: string;
}

export interface RoomAuthDeps {
  accessTokens: AccessTokenIssuer;
  banList: Pick<BanList, "sessionRefusal">;
}

/** The error code a room sends for a session refusal: `banned` or `session_revoked`. */
export function refusalCode(refusal: SessionRefusal): "banned" | "session_revoked" {
  return refusal.kind === "banned" ? "banned" : "session_revoked";
}

/** Verifies an access token and checks it against the cached ban list (no database read). */
export function authenticateToken(deps: RoomAuthDeps, token: unknown): RoomAuth {
  if (typeof token !== "string" || token.length === 0) {
    throw new ServerError(ErrorCode.AUTH_FAILED, "missing access token");
  }
  const claims = deps.accessTokens.verify(token);
  if (!claims) throw new ServerError(ErrorCode.AUTH_FAILED, "invalid access token");
  // A ban (own, or the licence owner's) or a revoked family applies at once, without waiting for expiry.
  const refusal = deps.banList.sessionRefusal(claims);
  if (refusal) throw new ServerError(ErrorCode.AUTH_FAILED, refusalCode(refusal));
  return { ...claims };
}

/**
 * The body of a room's `static onAuth`. Every room must define its own static onAuth: without one,
 * @colyseus/auth's global default admits clients that send no token at all.
 */
export function roomAuthenticator(deps: RoomAuthDeps): (token: unknown) => Promise<RoomAuth> {
  return async (token) => authenticateToken(deps, token);
}

/**
 * The queue's `static onAuth`: the token check, then the player's row. A queue join needs the database (deck,
 * rating), so an outage refuses it here, as a readable 503 `unavailable` with Retry-After, instead of admitting
 * the client into a queue it cannot join.
 */
export function queueAuthenticator(
  deps: RoomAuthDeps & { playerExists(steamId: string): Promise<boolean> },
): (token: unknown) => Promise<RoomAuth> {
  return async (token) => {
    const auth = authenticateToken(deps, token);
    const exists = await deps.playerExists(auth.steamId).catch(asMatchmakingError);
    if (!exists) throw new ServerError(ErrorCode.AUTH_FAILED, "unknown player");
    return auth;
  };
}
