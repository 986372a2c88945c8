import { createHash, randomFillSync, randomUUID } from "node:crypto";
import type { Knex } from "knex";
import {
  insertRefreshToken,
  revokePlayerRefreshTokens,
  revokeRefreshFamily,
  rotateRefreshToken,
  type RefreshTokenRow,
} from "../db/refresh-tokens";

export type RotationOutcome =
  | { kind: "rotated"; steamId: string; token: string; familyId: string }
  | { kind: "reused"; familyId: string }
  | { kind: "invalid" };

const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

const TOKEN_BYTES = 32;
// Filled from the CSPRNG 128 tokens at a time (as node does for randomUUID): one randomBytes call per token
// cost about 5 µs, most of it the call itself.
const entropy = Buffer.alloc(TOKEN_BYTES * 128);
let entropyUsed = entropy.length;

/**
 * The family id a refresh token names, read without the database (for per-family rate limits): tokens are
 * `<family uuid, 22 base64url characters>.<256 random bits>`. Null for any other string (tokens issued
 * before the prefix existed included). The prefix is not trusted for anything else: the hash lookup decides.
 */
export function familyIdOfToken(token: string): string | null {
  const match = /^([A-Za-z0-9_-]{22})\.[A-Za-z0-9_-]{43}$/.exec(token);
  if (!match) return null;
  const hex = Buffer.from(match[1], "base64url").toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const familyPrefix = (familyId: string): string => Buffer.from(familyId.replace(/-/g, ""), "hex").toString("base64url");

function newOpaqueToken(): string {
  if (entropyUsed === entropy.length) {
    randomFillSync(entropy);
    entropyUsed = 0;
  }
  const token = entropy.toString("base64url", entropyUsed, entropyUsed + TOKEN_BYTES);
  entropy.fill(0, entropyUsed, entropyUsed + TOKEN_BYTES);
  entropyUsed += TOKEN_BYTES;
  return token;
}

/**
 * Opaque refresh tokens, stored only as SHA-256 hashes, grouped in families (one per login).
 * Each use rotates the token; presenting an already-rotated token revokes the whole family,
 * because either the client or a thief is replaying a stolen copy.
 */
export class RefreshTokens {
  constructor(
    private readonly knex: Knex,
    private readonly ttlSeconds: number,
  ) {}

  /** A new token of a new family and the row that stores it, for callers that insert it in their own statement. */
  prepare(steamId: string): { token: string; row: RefreshTokenRow } {
    return this.newRow(steamId, randomUUID());
  }

  private newRow(steamId: string, familyId: string): { token: string; row: RefreshTokenRow } {
    const token = familyPrefix(familyId) + "." + newOpaqueToken();
    const row = {
      family_id: familyId,
      player_id: steamId,
      token_hash: hashToken(token),
      expires_at: new Date(Date.now() + this.ttlSeconds * 1000),
    };
    return { token, row };
  }

  async save(row: RefreshTokenRow): Promise<void> {
    await insertRefreshToken(this.knex, row);
  }

  async rotate(token: unknown): Promise<RotationOutcome> {
    if (typeof token !== "string" || token.length < 16 || token.length > 256) return { kind: "invalid" };
    let nextToken = "";
    const stored = await rotateRefreshToken(this.knex, hashToken(token), (familyId, steamId) => {
      const next = this.newRow(steamId, familyId);
      nextToken = next.token;
      return next.row;
    });
    if (stored.kind === "rotated")
      return { kind: "rotated", steamId: stored.steamId, token: nextToken, familyId: stored.familyId };
    return stored;
  }

  /**
   * Revokes the family of this token; returns its id when that revoked anything. Unknown tokens are ignored
   * so logout never leaks validity.
   */
  async revokeFamily(token: unknown): Promise<string | null> {
    if (typeof token !== "string" || token.length > 256) return null;
    return revokeRefreshFamily(this.knex, hashToken(token));
  }

  async revokeAllForPlayer(steamId: string): Promise<void> {
    await revokePlayerRefreshTokens(this.knex, steamId);
  }
}
