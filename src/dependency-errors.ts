import { ServerError } from "@colyseus/core";

export type Dependency = "database" | "redis";

/** What a client is told to wait before retrying a request refused because a dependency is down. */
export const RETRY_AFTER_SECONDS = 5;

const SOCKET_ERRORS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EPIPE",
  "EAI_AGAIN",
]);
/** SQLSTATEs of a server that is shutting down, starting, overloaded or cancelled the statement (statement_timeout). */
const PG_UNAVAILABLE = new Set(["57P01", "57P02", "57P03", "57014", "53300", "53400"]);
// knex prefixes a failed query's message with its SQL, hence unanchored.
const PG_MESSAGES =
  /(Connection terminated|Query read timeout|Knex: Timeout acquiring a connection|timeout exceeded when trying to connect|Client has encountered a connection error)/;
const REDIS_MESSAGES =
  /^(Connection is closed|Stream isn't writeable|Reached the max retries per request limit|All sentinels are unreachable|Failed to refresh slots cache|READONLY|LOADING|MASTERDOWN)/;

/**
 * Which dependency an error says is unreachable (PostgreSQL: refused/reset connections, a pool that cannot
 * connect, a statement timeout, a server shutting down; Redis: ioredis' closed-connection and retry errors),
 * or null when the error is something else (a bug, bad input) and must not be reported as an outage.
 */
export function unavailableDependency(err: unknown): Dependency | null {
  if (!(err instanceof Error)) return null;
  const e = err as Error & { code?: unknown; name: string };
  if (e.name === "MaxRetriesPerRequestError" || REDIS_MESSAGES.test(e.message)) return "redis";
  if (e.name === "KnexTimeoutError" || PG_MESSAGES.test(e.message)) return "database";
  if (typeof e.code === "string" && (PG_UNAVAILABLE.has(e.code) || e.code.startsWith("08"))) return "database";
  if (typeof e.code === "string" && SOCKET_ERRORS.has(e.code)) return "database";
  return null;
}

export function unavailableMessage(dependency: Dependency): string {
  const what = dependency === "database" ? "the database" : "the matchmaking store (Redis)";
  return `${what} is unavailable; retry in ${RETRY_AFTER_SECONDS} s`;
}

/**
 * A matchmaking refusal (`/matchmake/*` answers HTTP 503 `{ code: 503, error: "unavailable: …" }`; the SDK
 * rejects the join with a MatchMakeError of code 503 and that message).
 */
export function unavailableServerError(dependency: Dependency): ServerError {
  return new ServerError(503, `unavailable: ${unavailableMessage(dependency)}`);
}

/** Rethrows an outage as unavailableServerError, anything else unchanged. */
export function asMatchmakingError(err: unknown): never {
  const dependency = unavailableDependency(err);
  throw dependency ? unavailableServerError(dependency) : err;
}
