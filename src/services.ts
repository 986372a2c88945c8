import { compileTrustProxy, type TrustProxy } from "./http/client-ip";
import Redis from "ioredis";
import type { Config } from "./config";
import { redisSentinelSettings, sentinelConnectionOptions, type RedisSentinelSettings } from "./cluster/redis-sentinel";
import { openDatabase, type Database } from "./db/database";
import { migrateLatest } from "./db/migrate";
import { syncCardCatalog } from "./db/cards";
import type { RegistrationStep } from "./db/players";
import { registrationSteps as defaultRegistrationSteps } from "./db/registration-steps";
import { setLogLevel } from "./logger";
import { createAccessTokens, type AccessTokenIssuer } from "./auth/access-tokens";
import { LoginRateLimiter } from "./auth/login-rate-limiter";
import { RefreshTokens } from "./auth/refresh-tokens";
import { createSteamClient } from "./auth/steam-client";
import { SteamLogin } from "./auth/steam-login";
import { TicketReplayGuard } from "./auth/ticket-replay-guard";
import { ACCESS_TOKEN_SKEW_SECONDS } from "./auth/access-tokens";
import { CachedBanList } from "./auth/ban-list";
import { banChannelName, InProcessBanChannel, RedisBanChannel } from "./auth/ban-events";
import { ReturningLogins } from "./db/returning-logins";
import { OwnerRecorder } from "./db/player-owners";
import { MemoryStore } from "./store/memory-store";
import { RedisStore } from "./store/redis-store";
import type { SharedStore } from "./store/shared-store";
import { FileResultOutbox, RedisResultOutbox, type ResultOutbox } from "./battle/result-outbox";
import { ResultRecorder } from "./battle/result-recorder";
import type { FinishedMatch } from "./battle/finished-match";
import type { RecordedResult } from "./db/match-results";
import type { Matchmaking } from "./matchmaker/matchmaking";
import { createPlayModeQueues, type PlayModeQueues } from "./matchmaker/play-mode-queues";
import { resolveQueueDeck } from "./matchmaker/queue-deck";
import { RatingCache } from "./matchmaker/rating-cache";

/** Everything a route or room needs, built once per process from the configuration. */
export interface Services {
  config: Config;
  db: Database;
  redis: Redis | null;
  store: SharedStore;
  accessTokens: AccessTokenIssuer;
  refreshTokens: RefreshTokens;
  steamLogin: SteamLogin;
  rateLimiter: LoginRateLimiter;
  /** /auth/refresh and /auth/logout: per client IP, and per refresh-token family. */
  tokenRateLimiters: { perIp: LoginRateLimiter; perFamily: LoginRateLimiter };
  /** Bans and revoked token families, cached in memory and kept current through Redis pub/sub (or in-process). */
  banList: CachedBanList;
  /** TRUST_PROXY compiled once: Express and the JSON routes served ahead of it decide client addresses alike. */
  trustProxy: TrustProxy;
  registrationSteps: RegistrationStep[];
  resultOutbox: ResultOutbox;
  resultRecorder: ResultRecorder;
  /** Hooks run after a match result reaches PostgreSQL (rating cache, leaderboard…). */
  resultHooks: Array<(match: FinishedMatch, recorded: RecordedResult) => Promise<void> | void>;
  /** The ranked queue and its matcher (started and stopped by createApp). */
  matchmaking: Matchmaking;
  /** Every play mode's queue (ranked is `matchmaking`), and the friend challenges; started and stopped by createApp. */
  playModes: PlayModeQueues;
  close(): Promise<void>;
}

/** Runs fn at most once; later calls get the first call's promise. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  return () => (running ??= fn());
}

/** REDIS_URL, or the primary that REDIS_SENTINELS names (REDIS_URL then gives credentials and database). */
export function connectRedis(url: string, sentinel: RedisSentinelSettings | null = null): Redis {
  const options = { maxRetriesPerRequest: 3, enableAutoPipelining: true, lazyConnect: false };
  return sentinel ? new Redis({ ...sentinelConnectionOptions(url, sentinel), ...options }) : new Redis(url, options);
}

export async function createServices(
  config: Config,
  options: { registrationSteps?: RegistrationStep[] } = {},
): Promise<Services> {
  setLogLevel(config.LOG_LEVEL);
  const db = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    embeddedDir: config.EMBEDDED_DB_DIR,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    keepAliveSeconds: config.DATABASE_KEEPALIVE_SECONDS,
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
  });
  await migrateLatest(db.knex);
  await syncCardCatalog(db.knex);

  const redis = config.REDIS_URL ? connectRedis(config.REDIS_URL, redisSentinelSettings(config)) : null;
  const store: SharedStore = redis ? new RedisStore(redis, config.REDIS_KEY_PREFIX) : new MemoryStore();

  const accessTokens = createAccessTokens({
    secret: config.JWT_SECRET,
    issuer: config.JWT_ISSUER,
    ttlSeconds: config.ACCESS_TOKEN_TTL,
  });
  const refreshTokens = new RefreshTokens(db.knex, config.REFRESH_TOKEN_TTL);
  const banList = new CachedBanList({
    knex: db.knex,
    channel: redis ? new RedisBanChannel(redis, banChannelName(config.REDIS_KEY_PREFIX)) : new InProcessBanChannel(),
    familyMemorySeconds: config.ACCESS_TOKEN_TTL + ACCESS_TOKEN_SKEW_SECONDS,
    reloadSeconds: config.BAN_LIST_RELOAD_SECONDS,
  });
  await banList.start();
  const registrationSteps = options.registrationSteps ?? defaultRegistrationSteps;
  const steam =
    config.STEAM_AUTH_MODE === "webapi"
      ? createSteamClient({
          apiBase: config.STEAM_API_BASE,
          apiKey: config.STEAM_WEB_API_KEY!,
          appId: config.STEAM_APP_ID!,
          identity: config.STEAM_IDENTITY,
          timeoutMs: config.STEAM_TIMEOUT_MS,
        })
      : null;
  const steamLogin = new SteamLogin({
    knex: db.knex,
    returningLogins: new ReturningLogins(db.asyncCommitKnex),
    ownerRecorder: new OwnerRecorder(db.asyncCommitKnex),
    mode: config.STEAM_AUTH_MODE,
    steam,
    rejectVacBanned: config.STEAM_DENY_VAC_BANNED,
    rejectPublisherBanned: config.STEAM_DENY_PUBLISHER_BANNED,
    familySharing: config.STEAM_FAMILY_SHARING,
    banList,
    replayGuard: new TicketReplayGuard(store, config.TICKET_REPLAY_WINDOW_SECONDS * 1000),
    accessTokens,
    refreshTokens,
    registrationSteps,
  });

  const resultOutbox: ResultOutbox = redis
    ? new RedisResultOutbox(redis, config.REDIS_KEY_PREFIX)
    : new FileResultOutbox(config.OUTBOX_FILE);
  const resultHooks: Services["resultHooks"] = [];
  const resultRecorder = new ResultRecorder({
    knex: db.knex,
    outbox: resultOutbox,
    onRecorded: async (match, recorded) => {
      for (const hook of resultHooks) await hook(match, recorded);
    },
  });
  resultRecorder.start();

  const playModes = createPlayModeQueues({
    config,
    redis,
    store,
    ratings: new RatingCache(db.knex, store),
    resolveDeck: (steamId, deckId) => resolveQueueDeck(db.knex, steamId, deckId),
  });
  const matchmaking = playModes.ranked;

  return {
    config,
    db,
    redis,
    store,
    accessTokens,
    refreshTokens,
    steamLogin,
    rateLimiter: new LoginRateLimiter(store, config.LOGIN_RATE_LIMIT_PER_MINUTE),
    tokenRateLimiters: {
      perIp: new LoginRateLimiter(store, config.TOKEN_RATE_LIMIT_PER_MINUTE, "token-rate:ip"),
      perFamily: new LoginRateLimiter(store, config.TOKEN_FAMILY_RATE_LIMIT_PER_MINUTE, "token-rate:family"),
    },
    banList,
    trustProxy: compileTrustProxy(config.TRUST_PROXY),
    registrationSteps,
    resultOutbox,
    resultRecorder,
    resultHooks,
    matchmaking,
    playModes,
    close: once(async () => {
      resultRecorder.stop();
      await resultRecorder.settled();
      await steamLogin.ownerRecorder.settled();
      await banList.stop();
      await store.close();
      if (redis) await redis.quit().catch(() => redis.disconnect());
      await db.close();
    }),
  };
}
