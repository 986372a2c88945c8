import { createSecretKey } from "node:crypto";
import jwt from "jsonwebtoken";
import { isSteamId64 } from "./steam-id";

export interface AccessTokenClaims {
  steamId: string;
}

export interface AccessTokenIssuer {
  sign(steamId: string): { token: string; expiresIn: number };
  /** Returns the claims of a valid token, or null for anything else (bad signature, alg, issuer, expiry, shape). */
  verify(token: unknown): AccessTokenClaims | null;
}

export function createAccessTokens(options: { secret: string; issuer: string; ttlSeconds: number }): AccessTokenIssuer {
  const { issuer, ttlSeconds } = options;
  // One KeyObject for the process: jsonwebtoken would otherwise build one from the string on every call.
  const secret = createSecretKey(Buffer.from(options.secret, "utf8"));
  return {
    sign(steamId) {
      const token = jwt.sign({ typ: "access" }, secret, {
        algorithm: "HS256",
        subject: steamId,
        issuer,
        expiresIn: ttlSeconds,
      });
      return { token, expiresIn: ttlSeconds };
    },
    verify(token) {
      if (typeof token !== "string" || token.length === 0 || token.length > 4096) return null;
      try {
        // The algorithm list is pinned: `none` and RS/HS confusion are refused by jsonwebtoken.
        const payload = jwt.verify(token, secret, { algorithms: ["HS256"], issuer });
        if (typeof payload !== "object" || payload === null) return null;
        if (payload.typ !== "access" || typeof payload.sub !== "string" || !isSteamId64(payload.sub)) return null;
        if (typeof payload.exp !== "number") return null;
        return { steamId: payload.sub };
      } catch {
        return null;
      }
    },
  };
}
