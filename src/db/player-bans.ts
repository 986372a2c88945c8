import type { Knex } from "knex";

/** Stored in players.banned_until for a permanent ban: a real date, so every reader of the column works as before. */
export const PERMANENT_BAN_UNTIL = new Date("9999-12-31T23:59:59.000Z");

export interface ActiveBan {
  steamId: string;
  /** Epoch milliseconds; PERMANENT_BAN_UNTIL's for a permanent ban. */
  untilMs: number;
  reason: string | null;
}

export interface BanRecord {
  steamId: string;
  /** null: permanent. */
  until: Date | null;
  reason: string;
  by: string;
}

export interface BanLogEntry {
  id: number;
  steamId: string;
  kind: "ban" | "unban";
  until: string | null;
  permanent: boolean;
  reason: string | null;
  createdBy: string;
  createdAt: string;
}

const toMs = (v: unknown): number => (v instanceof Date ? v : new Date(String(v))).getTime();

/**
 * Bans a SteamID: the audit row, players.banned_until (when the player exists) and the revocation of every
 * refresh token, in one transaction. The SteamID need not be a player here (a licence owner may never log in).
 */
export async function recordBan(knex: Knex, ban: BanRecord): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx("player_bans").insert({
      steam_id: ban.steamId,
      kind: "ban",
      until: ban.until,
      permanent: ban.until === null,
      reason: ban.reason,
      created_by: ban.by,
    });
    await trx("players")
      .where({ steam_id: ban.steamId })
      .update({ banned_until: ban.until ?? PERMANENT_BAN_UNTIL, ban_reason: ban.reason });
    await trx("refresh_tokens")
      .update({ revoked_at: trx.fn.now() })
      .where({ player_id: ban.steamId })
      .whereNull("revoked_at");
  });
}

export async function recordUnban(
  knex: Knex,
  unban: { steamId: string; reason: string | null; by: string },
): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx("player_bans").insert({
      steam_id: unban.steamId,
      kind: "unban",
      reason: unban.reason,
      created_by: unban.by,
    });
    await trx("players").where({ steam_id: unban.steamId }).update({ banned_until: null, ban_reason: null });
  });
}

/**
 * Every ban in force: the latest audit row of each SteamID when it is a ban that has not ended, and
 * players.banned_until for bans written straight into SQL (the way before the audit log).
 */
export async function loadActiveBans(knex: Knex): Promise<ActiveBan[]> {
  const result = await knex.raw(
    `SELECT steam_id::text AS steam_id, COALESCE(until, ?::timestamptz) AS until, reason FROM (
       SELECT DISTINCT ON (steam_id) steam_id, kind, until, permanent, reason FROM player_bans ORDER BY steam_id, id DESC
     ) latest
     WHERE kind = 'ban' AND (permanent OR until > now())
     UNION ALL
     SELECT steam_id::text, banned_until, ban_reason FROM players
     WHERE banned_until > now() AND steam_id NOT IN (SELECT steam_id FROM player_bans)`,
    [PERMANENT_BAN_UNTIL],
  );
  return (result.rows as Array<Record<string, unknown>>).map((row) => ({
    steamId: String(row.steam_id),
    untilMs: toMs(row.until),
    reason: (row.reason as string | null) ?? null,
  }));
}

/** Refresh-token families revoked within the last `seconds` (their access tokens may still be unexpired). */
export async function loadRevokedFamilies(
  knex: Knex,
  seconds: number,
): Promise<Array<{ familyId: string; revokedAtMs: number }>> {
  const rows = await knex("refresh_tokens")
    .select("family_id")
    .max("revoked_at as revoked_at")
    .where("revoked_at", ">", knex.raw("now() - ?::interval", [`${seconds} seconds`]))
    .groupBy("family_id");
  return (rows as Array<{ family_id: string; revoked_at: unknown }>).map((r) => ({
    familyId: r.family_id,
    revokedAtMs: toMs(r.revoked_at),
  }));
}

export async function banLog(knex: Knex, steamId: string): Promise<BanLogEntry[]> {
  const rows = await knex("player_bans")
    .select(
      knex.raw("id::int as id, steam_id::text as steam_id"),
      "kind",
      "until",
      "permanent",
      "reason",
      "created_by",
      "created_at",
    )
    .where({ steam_id: steamId })
    .orderBy("id");
  return (rows as Array<Record<string, unknown>>).map((r) => ({
    id: Number(r.id),
    steamId: String(r.steam_id),
    kind: r.kind as "ban" | "unban",
    until: r.until == null ? null : new Date(toMs(r.until)).toISOString(),
    permanent: r.permanent === true,
    reason: (r.reason as string | null) ?? null,
    createdBy: String(r.created_by),
    createdAt: new Date(toMs(r.created_at)).toISOString(),
  }));
}
