import { createHash, randomFillSync, randomUUID } from "node:crypto";
import type { Knex } from "knex";

export interface RefreshTokenRow {
  family_id: string;
  player_id: string;
  token_hash: string;
  expires_at: Date;
}

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

  async save(row: RefreshTokenRow, db: Knex | Knex.Transaction = this.knex): Promise<void> {
    await db("refresh_tokens").insert(row);
  }

  async rotate(token: unknown): Promise<RotationOutcome> {
    if (typeof token !== "string" || token.length < 16 || token.length > 256) return { kind: "invalid" };
    const tokenHash = hashToken(token);
    return this.knex.transaction(async (trx) => {
      const claimed = await trx("refresh_tokens")
        .update({ rotated_at: trx.fn.now() })
        .where({ token_hash: tokenHash })
        .whereNull("rotated_at")
        .whereNull("revoked_at")
        .where("expires_at", ">", trx.fn.now())
        .returning(["family_id", trx.raw("player_id::text as player_id")]);
      if (claimed.length === 1) {
        const { family_id: familyId, player_id: steamId } = claimed[0] as { family_id: string; player_id: string };
        const next = this.newRow(steamId, familyId);
        await this.save(next.row, trx);
        return { kind: "rotated", steamId, token: next.token, familyId };
      }
      const known = await trx("refresh_tokens").select("family_id", "rotated_at").where({ token_hash: tokenHash }).first();
      if (known?.rotated_at) {
        await trx("refresh_tokens").update({ revoked_at: trx.fn.now() }).where({ family_id: known.family_id }).whereNull("revoked_at");
        return { kind: "reused", familyId: known.family_id as string };
      }
      return { kind: "invalid" };
    });
  }

  /**
   * Revokes the family of this token; returns its id when that revoked anything. Unknown tokens are ignored
   * so logout never leaks validity.
   */
  async revokeFamily(token: unknown): Promise<string | null> {
    if (typeof token !== "string" || token.length > 256) return null;
    const revoked = await this.knex("refresh_tokens")
      .update({ revoked_at: this.knex.fn.now() })
      .whereIn("family_id", this.knex("refresh_tokens").select("family_id").where({ token_hash: hashToken(token) }))
      .whereNull("revoked_at")
      .returning("family_id");
    return revoked.length > 0 ? String((revoked[0] as { family_id: string }).family_id) : null;
  }

  async revokeAllForPlayer(steamId: string): Promise<void> {
    await this.knex("refresh_tokens").update({ revoked_at: this.knex.fn.now() }).where({ player_id: steamId }).whereNull("revoked_at");
  }
}
