import pino from "pino";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

/** Field paths that carry credentials: their values never reach a log line. */
const REDACTED_PATHS = [
  "accessToken",
  "refreshToken",
  "reconnectionToken",
  "token",
  "ticket",
  "authorization",
  "Authorization",
  "_authToken",
  "apiKey",
  "key",
  "*.accessToken",
  "*.refreshToken",
  "*.reconnectionToken",
  "*.token",
  "*.ticket",
  "*.authorization",
  "*.Authorization",
  "*._authToken",
  "*.apiKey",
  "*.key",
  "headers.authorization",
  "req.headers.authorization",
  "req.headers.cookie",
];

/** Credentials inside free text (error messages, URLs): `_authToken=…`, `token=…`, `Bearer …`, `key=…`. */
const TOKEN_IN_TEXT =
  /\b((?:_authToken|access_?token|refresh_?token|reconnectionToken|token|ticket|key)=)[^&\s"']+|\b(Bearer\s+)[^\s"',]+/gi;

export function redactText(text: string): string {
  return text.replace(
    TOKEN_IN_TEXT,
    (_m, param: string | undefined, bearer: string | undefined) => `${param ?? bearer}[redacted]`,
  );
}

function redactStrings(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = typeof v === "string" ? redactText(v) : v;
  return out;
}

/**
 * The process's one logger (pino): one JSON object per line, `level` as a word, ISO `time`. debug/info go to
 * stdout, warn/error to stderr (PM2 keeps them in separate files).
 */
export const logger = pino(
  {
    level: (process.env.LOG_LEVEL as LogLevel | undefined) ?? "info",
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
  },
  pino.multistream(
    [
      { level: "trace", stream: process.stdout },
      { level: "warn", stream: process.stderr },
    ],
    { dedupe: true },
  ),
);

export function setLogLevel(level: LogLevel): void {
  logger.level = level;
}

function write(level: "debug" | "info" | "warn" | "error", msg: string, fields?: Record<string, unknown>): void {
  if (!logger.isLevelEnabled(level)) return;
  if (fields) logger[level](redactStrings(fields), redactText(msg));
  else logger[level](redactText(msg));
}

/** `log.info(message, fields)`: the call sites' API, on top of pino. Credentials are redacted (see above). */
export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};

export function errorFields(err: unknown): Record<string, unknown> {
  return err instanceof Error ? { error: err.message, stack: err.stack } : { error: String(err) };
}
