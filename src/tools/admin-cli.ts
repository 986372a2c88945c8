import os from "node:os";
import { parseArgs } from "node:util";
import { banChannelName, RedisBanChannel } from "../auth/ban-events";
import { banPlayer, unbanPlayer, type PublishBanEvent } from "../auth/ban-admin";
import { isSteamId64 } from "../auth/steam-id";
import { redisSentinelSettings } from "../cluster/redis-sentinel";
import { loadConfig } from "../config";
import { openDatabase } from "../db/database";
import { banLog } from "../db/player-bans";
import { listSeasons, startSeason } from "../db/seasons";
import { connectRedis } from "../services";

const USAGE = `usage:
  npm run admin -- ban <steamId> (--minutes N | --until <ISO date> | --permanent) --reason "<text>" [--by <name>]
  npm run admin -- unban <steamId> [--reason "<text>"] [--by <name>]
  npm run admin -- bans <steamId>          (the ban log of that SteamID)
  npm run admin -- season start --name "<name>" --ends <ISO date>   (ends the running season now)
  npm run admin -- seasons                 (every season)`;

export type AdminCommand =
  | { kind: "ban"; steamId: string; until: Date | null; reason: string; by: string }
  | { kind: "unban"; steamId: string; reason: string | null; by: string }
  | { kind: "bans"; steamId: string }
  | { kind: "season-start"; name: string; endsAt: Date }
  | { kind: "seasons" };

export class UsageError extends Error {}

const adminOptions = {
  minutes: { type: "string" },
  until: { type: "string" },
  permanent: { type: "boolean" },
  reason: { type: "string" },
  by: { type: "string" },
  name: { type: "string" },
  ends: { type: "string" },
} as const;

function parseOrUsageError(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options: adminOptions });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Parses the command line (without `node script`); throws UsageError with what is wrong. */
export function parseAdminArgs(
  argv: string[],
  now = new Date(),
  defaultBy = `cli:${os.userInfo().username}`,
): AdminCommand {
  const { values, positionals } = parseOrUsageError(argv);
  const [command, steamId, ...extra] = positionals;
  if (command === "season" || command === "seasons") return parseSeasonArgs(command, positionals.slice(1), values, now);
  if (values.name !== undefined || values.ends !== undefined)
    throw new UsageError("--name and --ends belong to 'season start'");
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(" ")}`);
  if (command !== "ban" && command !== "unban" && command !== "bans")
    throw new UsageError(`unknown command '${command ?? ""}'`);
  if (!isSteamId64(steamId)) throw new UsageError(`'${steamId ?? ""}' is not the SteamID64 of an individual account`);
  const by = values.by?.trim() || defaultBy;
  if (command === "bans") return { kind: "bans", steamId };
  if (command === "unban") return { kind: "unban", steamId, reason: values.reason?.trim() || null, by };

  const ends = [values.minutes !== undefined, values.until !== undefined, values.permanent === true].filter(
    Boolean,
  ).length;
  if (ends !== 1) throw new UsageError("ban needs exactly one of --minutes N, --until <ISO date>, --permanent");
  const reason = values.reason?.trim();
  if (!reason) throw new UsageError('ban needs --reason "<text>" (it goes to the audit log and to the player)');
  let until: Date | null = null;
  if (values.minutes !== undefined) {
    const minutes = Number(values.minutes);
    if (!Number.isInteger(minutes) || minutes <= 0) throw new UsageError("--minutes must be a positive whole number");
    until = new Date(now.getTime() + minutes * 60_000);
  } else if (values.until !== undefined) {
    until = new Date(values.until);
    if (Number.isNaN(until.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(values.until))
      throw new UsageError("--until must be an ISO date such as 2027-01-31T12:00:00Z");
    if (until <= now) throw new UsageError("--until is in the past");
  }
  return { kind: "ban", steamId, until, reason, by };
}

function parseSeasonArgs(
  command: "season" | "seasons",
  rest: string[],
  values: { name?: string; ends?: string },
  now: Date,
): AdminCommand {
  if (command === "seasons") {
    if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(" ")}`);
    return { kind: "seasons" };
  }
  if (rest.length !== 1 || rest[0] !== "start")
    throw new UsageError('usage: season start --name "<name>" --ends <ISO date>');
  const name = values.name?.trim();
  if (!name || [...name].length > 64) throw new UsageError('season start needs --name "<name>" (1–64 characters)');
  const endsAt = new Date(values.ends ?? "");
  if (values.ends === undefined || Number.isNaN(endsAt.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(values.ends)) {
    throw new UsageError("season start needs --ends <ISO date> such as 2027-03-31T00:00:00Z");
  }
  if (endsAt <= now) throw new UsageError("--ends is in the past");
  return { kind: "season-start", name, endsAt };
}

/**
 * `npm run admin`: bans and unbans against DATABASE_URL (or the embedded database, which the server must not
 * be holding: stop it first, the ban applies at its next start). With REDIS_URL the ban is announced on the
 * ban-list channel, and every running process applies it within moments.
 */
async function main(): Promise<void> {
  let command: AdminCommand;
  try {
    command = parseAdminArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, embeddedDir: config.EMBEDDED_DB_DIR });
  const redis = config.REDIS_URL ? connectRedis(config.REDIS_URL, redisSentinelSettings(config)) : null;
  const channel = redis ? new RedisBanChannel(redis, banChannelName(config.REDIS_KEY_PREFIX)) : null;
  const publish: PublishBanEvent = async (event) => {
    await channel?.publish(event);
  };
  try {
    if (command.kind === "season-start") {
      const season = await startSeason(db.knex, { name: command.name, endsAt: command.endsAt, now: new Date() });
      console.log(JSON.stringify({ seasonStarted: season }));
    } else if (command.kind === "seasons") {
      for (const season of await listSeasons(db.knex)) console.log(JSON.stringify(season));
    } else if (command.kind === "ban") {
      await banPlayer(db.knex, publish, command);
      console.log(
        JSON.stringify({
          banned: command.steamId,
          until: command.until?.toISOString() ?? null,
          permanent: command.until === null,
          by: command.by,
        }),
      );
    } else if (command.kind === "unban") {
      await unbanPlayer(db.knex, publish, command);
      console.log(JSON.stringify({ unbanned: command.steamId, by: command.by }));
    } else {
      for (const entry of await banLog(db.knex, command.steamId)) console.log(JSON.stringify(entry));
    }
  } finally {
    if (redis) await redis.quit().catch(() => redis.disconnect());
    await db.close();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
