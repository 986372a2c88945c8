import express, { type Router } from "express";
import { z } from "zod";
import { findPlayer, isBanned } from "../db/players";
import { ApiError } from "../http/http-errors";
import { expressJsonRoute, type JsonRoute } from "../http/json-routes";
import { errorFields, log } from "../logger";
import { loginsTotal } from "../metrics/registry";
import { parseOrThrow } from "../http/validation";
import type { AccessTokenIssuer } from "./access-tokens";
import type { LoginRateLimiter } from "./login-rate-limiter";
import { familyIdOfToken, type RefreshTokens } from "./refresh-tokens";
import { banListError, bannedError, type SteamLogin } from "./steam-login";
import type { Knex } from "knex";
import type { BanList } from "./ban-list";
import { findOwnerSteamId } from "../db/player-owners";

export interface AuthRouteDeps {
  knex: Knex;
  steamLogin: SteamLogin;
  accessTokens: AccessTokenIssuer;
  refreshTokens: RefreshTokens;
  rateLimiter: LoginRateLimiter;
  /** /auth/refresh and /auth/logout, per client IP and per refresh-token family. */
  tokenRateLimiters: { perIp: LoginRateLimiter; perFamily: LoginRateLimiter };
  banList: BanList;
}

const MAX_TICKET_HEX = 5120;
const loginBody = z.object({
  ticket: z.string().min(1, "ticket is empty").max(MAX_TICKET_HEX, "ticket is longer than 5120 characters"),
});
const refreshBody = z.object({ refreshToken: z.string().min(1).max(256) });

const logUnexpected = (message: string, err: unknown) => log.error(message, errorFields(err));

/** The `outcome` label of cardgame_logins_total for a login answered with this HTTP status. */
export function loginOutcome(status: number): string {
  if (status < 300) return "success";
  if (status === 429) return "rate_limited";
  if (status === 400 || status === 413) return "invalid_request";
  if (status === 401 || status === 403) return "rejected";
  if (status === 502 || status === 503 || status === 504) return "unavailable";
  return "error";
}

function countLogins(route: JsonRoute): JsonRoute {
  return async (body, request) => {
    try {
      const reply = await route(body, request);
      loginsTotal.inc({ outcome: loginOutcome(reply.status) });
      return reply;
    } catch (err) {
      loginsTotal.inc({ outcome: loginOutcome(err instanceof ApiError ? err.status : 500) });
      throw err;
    }
  };
}

/** POST /auth/steam, /auth/refresh and /auth/logout: served ahead of Express (see json-routes.ts) and by it. */
export function authJsonRoutes(deps: AuthRouteDeps): Record<string, JsonRoute> {
  return {
    "/auth/steam": countLogins(async (rawBody, { ip }) => {
      const body = loginBody.safeParse(rawBody);
      // The rate-limit count and the ticket claim go to Redis in the same tick: auto-pipelining sends them
      // in one write, so a login costs one Redis round trip.
      const claim = body.success ? deps.steamLogin.claimTicket(body.data.ticket) : null;
      const [retryAfter, claimed] = await Promise.all([deps.rateLimiter.hit(ip), claim]);
      if (retryAfter > 0) {
        if (claimed) await deps.steamLogin.releaseTicket(body.data!.ticket);
        throw new ApiError(
          429,
          "rate_limited",
          "Too many login attempts; slow down",
          {},
          { "Retry-After": String(retryAfter) },
        );
      }
      const { ticket } = parseOrThrow(loginBody, rawBody, "invalid_ticket", "Body must be { ticket: <hex string> }");
      return { status: 200, body: await deps.steamLogin.login(ticket, { claimed: claimed ?? undefined }) };
    }),

    "/auth/refresh": async (rawBody, { ip }) => {
      await refuseWhenTooFrequent(deps, rawBody, ip);
      const { refreshToken } = parseOrThrow(refreshBody, rawBody, "invalid_request", "Body must be { refreshToken }");
      const outcome = await deps.refreshTokens.rotate(refreshToken);
      if (outcome.kind === "reused") {
        await revokedEverywhere(deps.banList, outcome.familyId);
        throw new ApiError(
          401,
          "refresh_reused",
          "Refresh token was already used; all sessions of this login are revoked",
        );
      }
      if (outcome.kind === "invalid")
        throw new ApiError(401, "invalid_refresh_token", "Refresh token is invalid, expired or revoked");
      const [player, ownerSteamId] = await Promise.all([
        findPlayer(deps.knex, outcome.steamId),
        findOwnerSteamId(deps.knex, outcome.steamId),
      ]);
      if (!player) throw new ApiError(401, "invalid_refresh_token", "Player no longer exists");
      if (isBanned(player)) {
        await deps.refreshTokens.revokeAllForPlayer(player.steamId);
        throw bannedError(player);
      }
      const session = {
        steamId: player.steamId,
        familyId: outcome.familyId,
        ...(ownerSteamId && ownerSteamId !== player.steamId ? { ownerSteamId } : {}),
      };
      const refusal = deps.banList.sessionRefusal(session);
      if (refusal?.kind === "banned") throw banListError(refusal.ban, refusal.viaOwner);
      const access = deps.accessTokens.sign(player.steamId, session);
      return {
        status: 200,
        body: {
          accessToken: access.token,
          refreshToken: outcome.token,
          expiresIn: access.expiresIn,
          player: {
            steamId: player.steamId,
            personaName: player.personaName,
            createdAt: player.createdAt,
            isNew: false,
          },
        },
      };
    },

    "/auth/logout": async (rawBody, { ip }) => {
      await refuseWhenTooFrequent(deps, rawBody, ip);
      const { refreshToken } = parseOrThrow(refreshBody, rawBody, "invalid_request", "Body must be { refreshToken }");
      const familyId = await deps.refreshTokens.revokeFamily(refreshToken);
      if (familyId) await revokedEverywhere(deps.banList, familyId);
      return { status: 204 };
    },
  };
}

/**
 * /auth/refresh and /auth/logout: 429 with Retry-After past TOKEN_RATE_LIMIT_PER_MINUTE from one address,
 * or TOKEN_FAMILY_RATE_LIMIT_PER_MINUTE for one token family (read from the token, without the database).
 */
async function refuseWhenTooFrequent(deps: AuthRouteDeps, rawBody: unknown, ip: string): Promise<void> {
  const token = (rawBody as { refreshToken?: unknown } | null)?.refreshToken;
  const familyId = typeof token === "string" ? familyIdOfToken(token) : null;
  const [perIp, perFamily] = await Promise.all([
    deps.tokenRateLimiters.perIp.hit(ip),
    familyId ? deps.tokenRateLimiters.perFamily.hit(familyId) : 0,
  ]);
  const retryAfter = Math.max(perIp, perFamily);
  if (retryAfter > 0) {
    throw new ApiError(
      429,
      "rate_limited",
      "Too many token requests; slow down",
      {},
      { "Retry-After": String(retryAfter) },
    );
  }
}

/** The family's access tokens stop on every process; if Redis cannot take the event, the next reload brings it. */
async function revokedEverywhere(banList: BanList, familyId: string): Promise<void> {
  await banList
    .publish({ kind: "family_revoked", familyId, revokedAtMs: Date.now() })
    .catch((err: unknown) => logUnexpected("ban list publish failed", err));
}

export function authRoutes(deps: AuthRouteDeps): Router {
  const router = express.Router();
  for (const [path, route] of Object.entries(authJsonRoutes(deps)))
    router.post(path, expressJsonRoute(route, logUnexpected));

  return router;
}
