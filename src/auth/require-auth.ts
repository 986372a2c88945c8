import type { NextFunction, Request, RequestHandler, Response } from "express";
import { ApiError, sendError } from "../http/http-errors";
import type { AccessTokenIssuer } from "./access-tokens";

export interface AuthenticatedLocals {
  steamId: string;
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
  return match ? match[1] : null;
}

/** Sets `res.locals.steamId` from a valid access token, or answers 401. */
export function requireAccessToken(accessTokens: AccessTokenIssuer): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const token = bearerToken(req.headers.authorization);
    if (!token) return sendError(res, new ApiError(401, "unauthorized", "Missing Authorization: Bearer <accessToken>"));
    const claims = accessTokens.verify(token);
    if (!claims) return sendError(res, new ApiError(401, "invalid_token", "Access token is invalid or expired"));
    res.locals.steamId = claims.steamId;
    next();
  };
}
