import { createHmac, createSecretKey } from "node:crypto";
import jwt from "jsonwebtoken";
import { isSteamId64 } from "./steam-id";

export interface AccessTokenClaims {
  steamId: string;
  /** The refresh-token family (one per login) this token was issued under; revoking it stops the token. */
  familyId?: string;
  /** The licence owner when it is another account (Family Sharing); a ban on it stops the token. */
  ownerSteamId?: string;
}

/** What a token was issued under, besides the player. */
export interface AccessTokenSession {
  familyId?: string;
  ownerSteamId?: string;
}

export type AccessTokenCheck =
  | { ok: true; claims: AccessTokenClaims }
  /** `lifetime`: signed by us but living longer than ACCESS_TOKEN_TTL allows (or issued in the future). */
  | { ok: false; reason: "invalid" | "lifetime" };

export interface AccessTokenIssuer {
  sign(steamId: string, session?: AccessTokenSession): { token: string; expiresIn: number };
  /** Returns the claims of a valid token, or null for anything else (bad signature, alg, issuer, expiry, shape, lifetime). */
  verify(token: unknown): AccessTokenClaims | null;
  /** verify() with the reason of a refusal. */
  check(token: unknown): AccessTokenCheck;
}

/** Clock difference between processes tolerated on `iat`, and on `exp − iat` beyond the configured TTL. */
export const ACCESS_TOKEN_SKEW_SECONDS = 60;

const HS256_HEADER = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
const FAMILY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function createAccessTokens(options: { secret: string; issuer: string; ttlSeconds: number }): AccessTokenIssuer {
  const { issuer, ttlSeconds } = options;
  // One KeyObject for the process: jsonwebtoken would otherwise build one from the string on every call.
  const secret = createSecretKey(Buffer.from(options.secret, "utf8"));
  const invalid: AccessTokenCheck = { ok: false, reason: "invalid" };

  function check(token: unknown): AccessTokenCheck {
    if (typeof token !== "string" || token.length === 0 || token.length > 4096) return invalid;
    let payload: string | jwt.JwtPayload;
    try {
      // The algorithm list is pinned: `none` and RS/HS confusion are refused by jsonwebtoken.
      payload = jwt.verify(token, secret, { algorithms: ["HS256"], issuer });
    } catch {
      return invalid;
    }
    if (typeof payload !== "object" || payload === null) return invalid;
    if (payload.typ !== "access" || typeof payload.sub !== "string" || !isSteamId64(payload.sub)) return invalid;
    if (typeof payload.exp !== "number" || typeof payload.iat !== "number") return invalid;
    // A token signed with our key but living longer than we issue (a leaked key, a bug, an old TTL) is refused.
    if (payload.exp - payload.iat > ttlSeconds + ACCESS_TOKEN_SKEW_SECONDS) return { ok: false, reason: "lifetime" };
    if (payload.iat > Date.now() / 1000 + ACCESS_TOKEN_SKEW_SECONDS) return { ok: false, reason: "lifetime" };
    const claims: AccessTokenClaims = { steamId: payload.sub };
    if (payload.fam !== undefined) {
      if (typeof payload.fam !== "string" || !FAMILY_ID.test(payload.fam)) return invalid;
      claims.familyId = payload.fam;
    }
    if (payload.own !== undefined) {
      if (typeof payload.own !== "string" || !isSteamId64(payload.own)) return invalid;
      claims.ownerSteamId = payload.own;
    }
    return { ok: true, claims };
  }

  return {
    // Signed here rather than by jsonwebtoken: the header never changes and the payload is a few claims, so
    // this is a third of its cost on every login. Tokens are verified by jsonwebtoken (below, and in tests).
    sign(steamId, session = {}) {
      const iat = Math.floor(Date.now() / 1000);
      const claims: Record<string, unknown> = { typ: "access", iat, exp: iat + ttlSeconds, iss: issuer, sub: steamId };
      if (session.familyId !== undefined) claims.fam = session.familyId;
      if (session.ownerSteamId !== undefined && session.ownerSteamId !== steamId) claims.own = session.ownerSteamId;
      const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
      const signingInput = HS256_HEADER + "." + payload;
      const token = signingInput + "." + createHmac("sha256", secret).update(signingInput).digest("base64url");
      return { token, expiresIn: ttlSeconds };
    },
    verify(token) {
      const result = check(token);
      return result.ok ? result.claims : null;
    },
    check,
  };
}
