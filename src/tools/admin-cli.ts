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
import {
  MAX_PAUSE_MINUTES,
  matchmakingPause,
  pauseMatchmaking,
  resumeMatchmaking,
} from "../matchmaker/matchmaking-pause";
import { connectRedis } from "../services";
import { RedisStore } from "../store/redis-store";

const USAGE = `usage:
  npm run admin -- ban <steamId> (--minutes N | --until <ISO date> | --permanent) --reason "<text>" [--by <name>]
  npm run admin -- unban <steamId> [--reason "<text>"] [--by <name>]
  npm run admin -- bans <steamId>          (the ban log of that SteamID)
  npm run admin -- season start --name "<name>" --ends <ISO date>   (ends the running season now)
  npm run admin -- seasons                 (every season)
  npm run admin -- matchmaking pause [--minutes N] [--reason "<text>"] [--by <name>]   (no pairs, all modes; 60 min)
  npm run admin -- matchmaking resume [--by <name>]
  npm run admin -- matchmaking status      (matchmaking commands need REDIS_URL)`;

export type AdminCommand =
  | { kind: "ban"; steamId: string; until: Date | null; reason: string; by: string }
  | { kind: "unban"; steamId: string; reason: string | null; by: string }
  | { kind: "bans"; steamId: string }
  | { kind: "season-start"; name: string; endsAt: Date }
  | { kind: "seasons" }
  | { kind: "matchmaking-pause"; minutes: number; reason: string; by: string }
  | { kind: "matchmaking-resume"; by: string }
  | { kind: "matchmaking-status" };

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
  if (command === "matchmaking") return parseMatchmakingArgs(positionals.slice(1), values, defaultBy);
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

const DEFAULT_PAUSE_MINUTES = 60;

function parseMatchmakingArgs(
  rest: string[],
  values: { minutes?: string; reason?: string; by?: string; until?: string; permanent?: boolean },
  defaultBy: string,
): AdminCommand {
  const [action, ...extra] = rest;
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(" ")}`);
  if (values.until !== undefined || values.permanent)
    throw new UsageError("a pause takes --minutes, not --until or --permanent");
  const by = values.by?.trim() || defaultBy;
  if (action === "status") return { kind: "matchmaking-status" };
  if (action === "resume") return { kind: "matchmaking-resume", by };
  if (action !== "pause") throw new UsageError("usage: matchmaking pause | resume | status");
  const minutes = Number(values.minutes ?? DEFAULT_PAUSE_MINUTES);
  if (!Number.isInteger(minutes) || minutes <= 0 || minutes > MAX_PAUSE_MINUTES)
    throw new UsageError(`--minutes must be a whole number from 1 to ${MAX_PAUSE_MINUTES}`);
  return { kind: "matchmaking-pause", minutes, reason: values.reason?.trim() || "maintenance", by };
}

/** The matchmaking commands: they act on the shared store of a cluster (Redis), never on the database. */
async function runMatchmakingCommand(
  command: Extract<AdminCommand, { kind: `matchmaking-${string}` }>,
  config: ReturnType<typeof loadConfig>,
): Promise<void> {
  if (!config.REDIS_URL) {
    console.error(
      "matchmaking commands need REDIS_URL: a server without Redis keeps its queue inside its own process, which this tool cannot reach",
    );
    process.exit(2);
  }
  const redis = connectRedis(config.REDIS_URL, redisSentinelSettings(config));
  const store = new RedisStore(redis, config.REDIS_KEY_PREFIX);
  try {
    if (command.kind === "matchmaking-pause") {
      console.log(JSON.stringify({ matchmakingPaused: await pauseMatchmaking(store, command) }));
    } else if (command.kind === "matchmaking-resume") {
      await resumeMatchmaking(store);
      console.log(JSON.stringify({ matchmakingResumed: true, by: command.by }));
    } else {
      console.log(JSON.stringify({ matchmakingPaused: await matchmakingPause(store) }));
    }
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
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
  if (
    command.kind === "matchmaking-pause" ||
    command.kind === "matchmaking-resume" ||
    command.kind === "matchmaking-status"
  ) {
    await runMatchmakingCommand(command, config);
    return;
  }
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
