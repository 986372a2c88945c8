import type { RequestHandler } from "express";
import { requireAccessToken } from "../auth/require-auth";
import type { Services } from "../services";

/**
 * Access token required (401 otherwise; 403 `banned` once the ban list has the player); the answer is
 * per-player, so no shared cache may keep it.
 */
export function authenticated(services: Services): RequestHandler[] {
  return [
    requireAccessToken(services.accessTokens, services.banList),
    (_req, res, next) => {
      res.setHeader("Cache-Control", "private, no-store");
      next();
    },
  ];
}

export function currentSteamId(locals: Record<string, unknown>): string {
  return String(locals.steamId);
}
