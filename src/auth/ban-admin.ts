import type { Knex } from "knex";
import { PERMANENT_BAN_UNTIL, recordBan, recordUnban } from "../db/player-bans";
import type { BanEvent } from "./ban-events";

export interface BanCommand {
  steamId: string;
  /** null: permanent. */
  until: Date | null;
  reason: string;
  by: string;
}

/** Where a ban goes once written: the ban list of this process, or the Redis channel every process listens on. */
export type PublishBanEvent = (event: BanEvent) => Promise<void>;

/**
 * A ban: written to PostgreSQL (audit row, players.banned_until, refresh tokens revoked) and then announced,
 * so every process's ban list has it within moments. The database comes first: if the announcement is lost,
 * each process's periodic reload still finds the ban.
 */
export async function banPlayer(knex: Knex, publish: PublishBanEvent, ban: BanCommand): Promise<void> {
  await recordBan(knex, ban);
  await publish({
    kind: "banned",
    steamId: ban.steamId,
    untilMs: (ban.until ?? PERMANENT_BAN_UNTIL).getTime(),
    reason: ban.reason,
  });
}

export async function unbanPlayer(
  knex: Knex,
  publish: PublishBanEvent,
  unban: { steamId: string; reason: string | null; by: string },
): Promise<void> {
  await recordUnban(knex, unban);
  await publish({ kind: "unbanned", steamId: unban.steamId });
}
