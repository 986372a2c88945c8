import type { Knex } from "knex";

/** A refresh token as stored: only its SHA-256 hash, in a family (one per login). */
export interface RefreshTokenRow {
  family_id: string;
  player_id: string;
  token_hash: string;
  expires_at: Date;
}

export type StoredRotation =
  | { kind: "rotated"; steamId: string; familyId: string }
  | { kind: "reused"; familyId: string }
  | { kind: "invalid" };

export async function insertRefreshToken(db: Knex | Knex.Transaction, row: RefreshTokenRow): Promise<void> {
  await db("refresh_tokens").insert(row);
}

/**
 * In one transaction: marks the live token with this hash rotated and stores its successor (built by
 * `successor` from the family and player); a token already rotated revokes its whole family instead.
 */
export async function rotateRefreshToken(
  knex: Knex,
  tokenHash: string,
  successor: (familyId: string, steamId: string) => RefreshTokenRow,
): Promise<StoredRotation> {
  return knex.transaction(async (trx) => {
    const claimed = await trx("refresh_tokens")
      .update({ rotated_at: trx.fn.now() })
      .where({ token_hash: tokenHash })
      .whereNull("rotated_at")
      .whereNull("revoked_at")
      .where("expires_at", ">", trx.fn.now())
      .returning(["family_id", trx.raw("player_id::text as player_id")]);
    if (claimed.length === 1) {
      const { family_id: familyId, player_id: steamId } = claimed[0] as { family_id: string; player_id: string };
      await insertRefreshToken(trx, successor(familyId, steamId));
      return { kind: "rotated", steamId, familyId };
    }
    const known = await trx("refresh_tokens")
      .select("family_id", "rotated_at")
      .where({ token_hash: tokenHash })
      .first();
    if (known?.rotated_at) {
      await trx("refresh_tokens")
        .update({ revoked_at: trx.fn.now() })
        .where({ family_id: known.family_id })
        .whereNull("revoked_at");
      return { kind: "reused", familyId: known.family_id as string };
    }
    return { kind: "invalid" };
  });
}

/** Revokes the family of the token with this hash; its id when that revoked anything (null when unknown). */
export async function revokeRefreshFamily(knex: Knex, tokenHash: string): Promise<string | null> {
  const revoked = await knex("refresh_tokens")
    .update({ revoked_at: knex.fn.now() })
    .whereIn("family_id", knex("refresh_tokens").select("family_id").where({ token_hash: tokenHash }))
    .whereNull("revoked_at")
    .returning("family_id");
  return revoked.length > 0 ? String((revoked[0] as { family_id: string }).family_id) : null;
}

export async function revokePlayerRefreshTokens(knex: Knex, steamId: string): Promise<void> {
  await knex("refresh_tokens")
    .update({ revoked_at: knex.fn.now() })
    .where({ player_id: steamId })
    .whereNull("revoked_at");
}
