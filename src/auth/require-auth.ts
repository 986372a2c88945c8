import type { NextFunction, Request, RequestHandler, Response } from "express";
import { ApiError, sendError } from "../http/http-errors";
import type { AccessTokenIssuer } from "./access-tokens";
import type { BanList } from "./ban-list";
import { banListError } from "./steam-login";

export interface AuthenticatedLocals {
  steamId: string;
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
  return match ? match[1] : null;
}

/**
 * Sets `res.locals.steamId` from a valid access token, or answers 401; with the ban list, 403 `banned` for a
 * banned player (or licence owner) and 401 `session_revoked` for a revoked token family, from memory.
 */
export function requireAccessToken(accessTokens: AccessTokenIssuer, banList?: BanList): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const token = bearerToken(req.headers.authorization);
    if (!token) return sendError(res, new ApiError(401, "unauthorized", "Missing Authorization: Bearer <accessToken>"));
    const checked = accessTokens.check(token);
    if (!checked.ok) {
      return sendError(
        res,
        checked.reason === "lifetime"
          ? new ApiError(
              401,
              "token_lifetime_exceeded",
              "Access token lives longer than this server issues; log in again",
            )
          : new ApiError(401, "invalid_token", "Access token is invalid or expired"),
      );
    }
    const refusal = banList?.sessionRefusal(checked.claims);
    if (refusal?.kind === "banned") return sendError(res, banListError(refusal.ban, refusal.viaOwner));
    if (refusal?.kind === "revoked")
      return sendError(
        res,
        new ApiError(401, "session_revoked", "This login was ended (logout or a reused refresh token); log in again"),
      );
    res.locals.steamId = checked.claims.steamId;
    next();
  };
}
