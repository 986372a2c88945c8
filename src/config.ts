import { randomBytes } from "node:crypto";
import path from "node:path";
import { z } from "zod";

const booleanFromEnv = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const durationSeconds = z
  .string()
  .regex(/^\d+(s|m|h|d)?$/, "expected a duration such as 900, 900s, 15m, 12h or 30d")
  .transform((v) => {
    const n = parseInt(v, 10);
    const unit = v.replace(/^\d+/, "") || "s";
    return n * { s: 1, m: 60, h: 3600, d: 86400 }[unit as "s" | "m" | "h" | "d"];
  })
  .refine((n) => n > 0, "must be greater than zero");

/** `*`, or a comma-separated list of exact browser origins such as `https://play.example.com,http://localhost:5173`. */
const corsOrigins = z
  .string()
  .transform((v) =>
    v
      .split(",")
      .map((o) => o.trim())
      .filter((o) => o !== ""),
  )
  .refine(
    (list) =>
      (list.length === 1 && list[0] === "*") || (list.length > 0 && list.every((o) => /^https?:\/\/[^/\s*]+$/.test(o))),
    "expected * or comma-separated origins such as https://play.example.com (scheme://host[:port], no path)",
  )
  .transform((list): "*" | readonly string[] => (list[0] === "*" ? "*" : Object.freeze(list)));

const positiveInt = (min = 1, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);
const positiveNumber = z.coerce.number().positive();

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: positiveInt(0, 65535).default(2567),
  PUBLIC_ADDRESS: z
    .string()
    .regex(/^[^/:]+(:(\d+|\{port\}))?(\/.*)?$/, "expected host[:port][/path] without a scheme ({port} allowed)")
    .optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "expected a postgres:// URL")
    .optional(),
  EMBEDDED_DB_DIR: z.string().min(1).default("./data/pg"),
  DATABASE_STATEMENT_TIMEOUT_MS: positiveInt(100, 3_600_000).default(10_000),
  DATABASE_KEEPALIVE_SECONDS: positiveInt(0, 7200).default(30),
  DATABASE_CONNECT_TIMEOUT_MS: positiveInt(100, 60_000).default(5000),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "expected a redis:// URL")
    .optional(),
  REDIS_SENTINELS: z
    .string()
    .regex(/^\s*[^\s,:]+:\d+(\s*,\s*[^\s,:]+:\d+)*\s*$/, "expected host:port[,host:port…]")
    .optional(),
  REDIS_SENTINEL_NAME: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, "letters, digits, '.', '_' and '-' only")
    .default("mymaster"),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]*$/, "letters, digits, ':', '_' and '-' only")
    .default("cardgame:"),
  JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  JWT_ISSUER: z.string().min(1).default("steam-card-backend"),
  ACCESS_TOKEN_TTL: durationSeconds.default(15 * 60),
  REFRESH_TOKEN_TTL: durationSeconds.default(30 * 86400),
  STEAM_WEB_API_KEY: z.string().min(1).optional(),
  STEAM_APP_ID: positiveInt(1, 0xffffffff).optional(),
  STEAM_IDENTITY: z.string().min(1).max(64).optional(),
  STEAM_API_BASE: z.string().url().default("https://partner.steam-api.com"),
  STEAM_AUTH_MODE: z.enum(["webapi", "dev"]).optional(),
  STEAM_REJECT_VAC_BANNED: booleanFromEnv.default(true),
  /** Unset: STEAM_REJECT_VAC_BANNED (its older name) decides. */
  STEAM_DENY_VAC_BANNED: booleanFromEnv.optional(),
  STEAM_DENY_PUBLISHER_BANNED: booleanFromEnv.default(true),
  STEAM_FAMILY_SHARING: z.enum(["allow", "deny"]).default("allow"),
  STEAM_TIMEOUT_MS: positiveInt(100, 60_000).default(5000),
  LOGIN_RATE_LIMIT_PER_MINUTE: positiveInt(1).default(30),
  TOKEN_RATE_LIMIT_PER_MINUTE: positiveInt(1).default(120),
  TOKEN_FAMILY_RATE_LIMIT_PER_MINUTE: positiveInt(1).default(6),
  BAN_LIST_RELOAD_SECONDS: positiveInt(1, 86_400).default(60),
  TICKET_REPLAY_WINDOW_SECONDS: positiveInt(1).default(600),
  TRUST_PROXY: z
    .string()
    .regex(
      /^(true|false|\d+|[A-Za-z0-9.:/,\s]+)$/,
      "true, false, a hop count, or names/addresses/CIDRs such as loopback,10.0.0.0/8",
    )
    .default("loopback"),
  CORS_ORIGINS: corsOrigins.default("*"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  MM_BASE_WINDOW: positiveNumber.default(50),
  MM_WINDOW_GROWTH: positiveNumber.default(10),
  MM_MAX_WINDOW: positiveNumber.default(400),
  MM_TICK_MS: positiveInt(50, 5000).default(300),
  MM_TICKET_LEASE_SECONDS: positiveInt(2, 600).default(15),
  MM_QUEUE_UNREACHABLE_SECONDS: positiveInt(1, 3600).default(30),
  MM_MAX_PAIRS_PER_BATCH: positiveInt(1, 10_000).default(500),
  QUEUE_ROOM_MAX_CLIENTS: positiveInt(1, 100_000).default(500),
  MM_CASUAL_WINDOW_FACTOR: positiveNumber.default(2),
  BATTLE_MAX_SPECTATORS: z.coerce.number().int().min(0).max(1000).default(20),
  TURN_SECONDS: positiveNumber.default(75),
  MULLIGAN_SECONDS: positiveNumber.default(30),
  RECONNECT_SECONDS: positiveNumber.default(60),
  BATTLE_JOIN_TIMEOUT: positiveNumber.default(20),
  BATTLE_MAX_MESSAGES_PER_SECOND: positiveInt(1, 1000).default(20),
  /** Queue cooldowns (minutes) for the 1st, 2nd, 3rd… dodge (no-show, or left before the start) within DODGE_WINDOW_HOURS. */
  DODGE_COOLDOWN_MINUTES: z
    .string()
    .regex(/^\s*\d+(\.\d+)?(\s*,\s*\d+(\.\d+)?)*\s*$/, "expected minutes, comma-separated (e.g. 1,5,15)")
    .default("1,5,15")
    .transform((v) => Object.freeze(v.split(",").map((m) => Number(m.trim())))),
  DODGE_WINDOW_HOURS: positiveNumber.default(24),
  /** WebSocket ping period; 0 turns pings (and dead-connection detection) off. */
  WS_PING_INTERVAL_MS: positiveInt(0, 600_000).default(10_000),
  /** Unanswered pings before a connection is closed as dead. */
  WS_PING_MAX_RETRIES: positiveInt(1, 100).default(2),
  OUTBOX_FILE: z.string().min(1).default("./data/result-outbox.jsonl"),
});

export type Config = Readonly<
  Omit<z.infer<typeof envSchema>, "JWT_SECRET" | "STEAM_AUTH_MODE" | "STEAM_DENY_VAC_BANNED"> & {
    JWT_SECRET: string;
    STEAM_DENY_VAC_BANNED: boolean;
    JWT_SECRET_GENERATED: boolean;
    STEAM_AUTH_MODE: "webapi" | "dev";
    EMBEDDED_DB_DIR: string;
  }
>;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Invalid configuration: ${variable}: ${detail}`);
    this.name = "ConfigError";
  }
}

/** Reads and validates the environment. Throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.keys(envSchema.shape)
      .filter((key) => env[key] !== undefined && env[key] !== "")
      .map((key) => [key, env[key]]),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue.path[0] ?? "environment"), issue.message);
  }
  const c = parsed.data;
  const production = c.NODE_ENV === "production";

  if (production && !c.JWT_SECRET) throw new ConfigError("JWT_SECRET", "required when NODE_ENV=production");

  const mode = c.STEAM_AUTH_MODE ?? (c.STEAM_WEB_API_KEY || production ? "webapi" : "dev");
  if (mode === "dev" && production) {
    throw new ConfigError("STEAM_AUTH_MODE", "dev login is refused when NODE_ENV=production");
  }
  if (mode === "webapi") {
    if (!c.STEAM_WEB_API_KEY) throw new ConfigError("STEAM_WEB_API_KEY", "required when STEAM_AUTH_MODE=webapi");
    if (!c.STEAM_APP_ID) throw new ConfigError("STEAM_APP_ID", "required when STEAM_AUTH_MODE=webapi");
    if (production && !c.STEAM_IDENTITY) {
      throw new ConfigError(
        "STEAM_IDENTITY",
        "required when NODE_ENV=production with STEAM_AUTH_MODE=webapi (without it, tickets minted for other services log in here)",
      );
    }
  }
  if (c.REDIS_SENTINELS && !c.REDIS_URL) {
    throw new ConfigError(
      "REDIS_URL",
      "required with REDIS_SENTINELS (it gives the password and database; its host is ignored)",
    );
  }
  if (c.MM_MAX_WINDOW < c.MM_BASE_WINDOW) {
    throw new ConfigError("MM_MAX_WINDOW", "must be at least MM_BASE_WINDOW");
  }

  return Object.freeze({
    ...c,
    STEAM_AUTH_MODE: mode,
    STEAM_DENY_VAC_BANNED: c.STEAM_DENY_VAC_BANNED ?? c.STEAM_REJECT_VAC_BANNED,
    JWT_SECRET: c.JWT_SECRET ?? randomBytes(48).toString("base64url"),
    JWT_SECRET_GENERATED: !c.JWT_SECRET,
    EMBEDDED_DB_DIR: path.resolve(c.EMBEDDED_DB_DIR),
  });
}
