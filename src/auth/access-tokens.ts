import { createHmac, createSecretKey } from "node:crypto";
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

const HS256_HEADER = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");

export function createAccessTokens(options: { secret: string; issuer: string; ttlSeconds: number }): AccessTokenIssuer {
  const { issuer, ttlSeconds } = options;
  // One KeyObject for the process: jsonwebtoken would otherwise build one from the string on every call.
  const secret = createSecretKey(Buffer.from(options.secret, "utf8"));
  return {
    // Signed here rather than by jsonwebtoken: the header never changes and the payload is four claims, so
    // this is a third of its cost on every login. Tokens are verified by jsonwebtoken (below, and in tests).
    sign(steamId) {
      const iat = Math.floor(Date.now() / 1000);
      const payload = Buffer.from(JSON.stringify({ typ: "access", iat, exp: iat + ttlSeconds, iss: issuer, sub: steamId })).toString("base64url");
      const signingInput = HS256_HEADER + "." + payload;
      const token = signingInput + "." + createHmac("sha256", secret).update(signingInput).digest("base64url");
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
