/**
 * Server-side Steam login: validates a client's `GetAuthTicketForWebApi` ticket with
 * `ISteamUserAuth/AuthenticateUserTicket/v1` and returns who owns it.
 *
 * Error model (see docs/steam.md):
 * - `SteamRejectedError`: Steam (or our local pre-check) definitively refused the ticket. Never retried.
 *   The login route answers 401.
 * - `SteamUnavailableError`: we could not get a trustworthy answer (timeout, network error, 5xx, 429,
 *   unparseable body, or a 401/403 which means OUR key is wrong). The login route answers 503 with
 *   `Retry-After: retryAfterSeconds`; existing sessions keep working.
 *
 * The Web API key and the ticket are never logged and never put in error messages. The key travels in the
 * `x-webapi-key` header, not in the URL.
 */
import SteamID = require("steamid");
import { z } from "zod";
import { createKeepAliveGet, GetFailedError, type GetResponse } from "./keep-alive-get";
import { steamRequestSeconds } from "../metrics/registry";

export interface SteamTicketOwner {
  /** SteamID64 (decimal string) of the player who is logged in. Taken only from Steam's `params.steamid`. */
  steamId: string;
  /** SteamID64 of the account owning the licence; differs from `steamId` under Family Sharing. */
  ownerSteamId: string;
  vacBanned: boolean;
  publisherBanned: boolean;
  /** `ownerSteamId !== steamId`. */
  familyShared: boolean;
}

/** Steam answered with an `error` object (or the ticket/response failed validation): definitive, no retry. */
export class SteamRejectedError extends Error {
  constructor(
    public steamCode: number,
    public steamMessage: string,
  ) {
    super(`Steam rejected the ticket: ${steamCode} ${steamMessage}`);
    this.name = "SteamRejectedError";
  }
}

export type SteamUnavailableReason =
  | "timeout"
  | "network"
  | "http_5xx"
  | "rate_limited"
  | "bad_response"
  | "misconfigured";

/** Steam could not give a trustworthy answer: answer 503 with `Retry-After: retryAfterSeconds`. */
export class SteamUnavailableError extends Error {
  constructor(
    message: string,
    public retryAfterSeconds: number,
    /** Machine-readable cause, for metrics/logs. */
    public reason: SteamUnavailableReason = "bad_response",
  ) {
    super(message);
    this.name = "SteamUnavailableError";
  }
}

export interface SteamClientOptions {
  /** e.g. `https://partner.steam-api.com` (publisher keys) or the stub's URL. No trailing path. */
  apiBase: string;
  apiKey: string;
  appId: number;
  /** Fixed per-service identity the game client passed to `GetAuthTicketForWebApi`. Strongly recommended. */
  identity?: string;
  /** Per-attempt timeout. Default 5000. The whole call is bounded by `2 * timeoutMs`. */
  timeoutMs?: number;
  /** Quick retries for 5xx (without Retry-After) and network errors only. Default 1. */
  retries?: number;
  /** Keep-alive connections kept to Steam at most. Default 64. */
  maxSockets?: number;
  /** Operator-facing logger (misconfiguration only). Default `console`. Never receives the key or tickets. */
  logger?: { error(message: string): void };
}

export interface SteamClient {
  authenticateUserTicket(ticketHex: string): Promise<SteamTicketOwner>;
}

/** Steam's documented maximum: 2560 bytes → 5120 hex characters. */
export const MAX_TICKET_HEX_LENGTH = 5120;

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_RETRIES = 1;
const DEFAULT_MAX_SOCKETS = 64;
const RETRY_AFTER_5XX_S = 5;
const RETRY_AFTER_429_S = 30;
const RETRY_AFTER_MISCONFIGURED_S = 30;
const MAX_RETRY_AFTER_S = 3600;
const MAX_BODY_BYTES = 256 * 1024;
const BASE_BACKOFF_MS = 100;
const MIN_ATTEMPT_MS = 50;

const TICKET_RE = /^[0-9a-fA-F]+$/;
const STEAMID64_RE = /^[0-9]{17}$/;

// Steam's exact response formats. Unknown keys are ignored (Steam may add fields).
const ErrorSchema = z.object({
  errorcode: z.number().int(),
  errordesc: z.string().optional(),
});
const ParamsSchema = z.object({
  result: z.string(),
  // Validated by hand so that a missing/numeric/garbage id is a *rejection*, not "unavailable".
  steamid: z.unknown(),
  ownersteamid: z.unknown().optional(),
  vacbanned: z.boolean(),
  publisherbanned: z.boolean(),
});
const EnvelopeSchema = z.object({
  response: z.object({
    params: ParamsSchema.optional(),
    error: ErrorSchema.optional(),
  }),
});

/** True for a canonical decimal SteamID64 of an individual account in the public universe. */
export function isValidIndividualSteamId64(value: unknown): value is string {
  if (typeof value !== "string" || !STEAMID64_RE.test(value)) return false;
  try {
    const sid = new SteamID(value);
    return sid.isValidIndividual() && sid.getSteamID64() === value;
  } catch {
    return false;
  }
}

/** Parses a Retry-After header (delta-seconds or HTTP-date); clamps to [1, 3600]. */
export function parseRetryAfter(header: string | null, fallbackSeconds: number, now = Date.now()): number {
  if (header === null) return fallbackSeconds;
  const trimmed = header.trim();
  let seconds: number;
  if (/^[0-9]+$/.test(trimmed)) {
    seconds = Number(trimmed);
  } else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return fallbackSeconds;
    seconds = Math.ceil((at - now) / 1000);
  }
  if (!Number.isFinite(seconds)) return fallbackSeconds;
  return Math.min(MAX_RETRY_AFTER_S, Math.max(1, seconds));
}

type AttemptOutcome =
  | { ok: true; owner: SteamTicketOwner }
  | { ok: false; error: SteamUnavailableError; retryable: boolean };

export function createSteamClient(opts: SteamClientOptions): SteamClient {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retries = opts.retries ?? DEFAULT_RETRIES;
  const logger = opts.logger ?? console;

  let base: URL;
  try {
    base = new URL(opts.apiBase);
  } catch {
    throw new TypeError("createSteamClient: apiBase is not a valid URL");
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw new TypeError("createSteamClient: apiBase must be http(s)");
  }
  if (typeof opts.apiKey !== "string" || opts.apiKey.length === 0) {
    throw new TypeError("createSteamClient: apiKey is required");
  }
  if (!Number.isInteger(opts.appId) || opts.appId <= 0 || opts.appId > 0xffffffff) {
    throw new TypeError("createSteamClient: appId must be a positive uint32");
  }
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new TypeError("createSteamClient: timeoutMs must be > 0");
  }
  if (!Number.isInteger(retries) || retries < 0 || retries > 5) {
    throw new TypeError("createSteamClient: retries must be an integer in 0..5");
  }
  if (opts.maxSockets !== undefined && (!Number.isInteger(opts.maxSockets) || opts.maxSockets < 1)) {
    throw new TypeError("createSteamClient: maxSockets must be a positive integer");
  }
  if (opts.identity !== undefined && opts.identity.length === 0) {
    throw new TypeError("createSteamClient: identity must be non-empty when given");
  }

  const endpoint = new URL(base.pathname.replace(/\/+$/, "") + "/ISteamUserAuth/AuthenticateUserTicket/v1/", base);
  const apiKey = opts.apiKey;
  const appId = String(opts.appId);
  const identity = opts.identity;
  // Everything but the ticket is the same on every call, so the query is built once; the ticket is checked
  // to be hex before it is appended, so it needs no escaping.
  const fixedQuery = new URLSearchParams({ appid: appId, ...(identity !== undefined ? { identity } : {}) }).toString();
  const pathBeforeTicket = `${endpoint.pathname}?${fixedQuery}&ticket=`;

  // Log a bad key once (until Steam accepts the key again), not once per login attempt.
  let misconfigLogged = false;

  const requestHeaders = { "x-webapi-key": apiKey, accept: "application/json" };
  const get = createKeepAliveGet({ maxSockets: opts.maxSockets ?? DEFAULT_MAX_SOCKETS });

  async function attempt(path: string, attemptTimeoutMs: number): Promise<AttemptOutcome> {
    const endTimer = steamRequestSeconds.startTimer();
    try {
      return await attemptOnce(path, attemptTimeoutMs);
    } finally {
      endTimer();
    }
  }

  async function attemptOnce(path: string, attemptTimeoutMs: number): Promise<AttemptOutcome> {
    let res: GetResponse;
    try {
      res = await get(endpoint.origin, path, requestHeaders, {
        timeoutMs: attemptTimeoutMs,
        maxBodyBytes: MAX_BODY_BYTES,
      });
    } catch (err) {
      const failure = err instanceof GetFailedError ? err : new GetFailedError("network error", "request", false);
      if (failure.timedOut) {
        return unavailable(`Steam did not answer within ${attemptTimeoutMs} ms`, RETRY_AFTER_5XX_S, "timeout", false);
      }
      if (failure.phase === "body") {
        return unavailable("Steam response body could not be read", RETRY_AFTER_5XX_S, "network", true);
      }
      return unavailable(`Steam request failed (${failure.code})`, RETRY_AFTER_5XX_S, "network", true);
    }

    const status = res.status;
    if (status === 429) {
      const ra = parseRetryAfter(res.header("retry-after"), RETRY_AFTER_429_S);
      return unavailable("Steam rate-limited the request (HTTP 429)", ra, "rate_limited", false);
    }
    if (status >= 500) {
      const header = res.header("retry-after");
      const ra = parseRetryAfter(header, RETRY_AFTER_5XX_S);
      // A server-chosen Retry-After is honoured instead of hammering it again right away.
      return unavailable(`Steam answered HTTP ${status}`, ra, "http_5xx", header === null);
    }
    if (status === 401 || status === 403) {
      if (!misconfigLogged) {
        misconfigLogged = true;
        logger.error(
          `[steam] OPERATOR ACTION NEEDED: Steam Web API answered HTTP ${status} to AuthenticateUserTicket ` +
            `for appid ${appId}. The Web API key is wrong, revoked, or not a publisher key for this app. ` +
            `Every Steam login fails with 503 until this is fixed. (Logged once until Steam accepts the key.)`,
        );
      }
      return unavailable(
        `Steam refused our Web API key (HTTP ${status}); server misconfiguration`,
        RETRY_AFTER_MISCONFIGURED_S,
        "misconfigured",
        false,
      );
    }
    // Redirects included: the Web API does not redirect, and following one would send our key elsewhere.
    if (status < 200 || status >= 300) {
      return unavailable(`Steam answered unexpected HTTP ${status}`, RETRY_AFTER_5XX_S, "bad_response", false);
    }
    // Steam accepted our key: re-arm the misconfiguration log.
    misconfigLogged = false;
    // An oversized body is treated as one that is not JSON.
    return { ok: true, owner: interpret(res.body ?? "") };
  }

  return {
    async authenticateUserTicket(ticketHex: string): Promise<SteamTicketOwner> {
      if (
        typeof ticketHex !== "string" ||
        ticketHex.length === 0 ||
        ticketHex.length % 2 !== 0 ||
        ticketHex.length > MAX_TICKET_HEX_LENGTH ||
        !TICKET_RE.test(ticketHex)
      ) {
        // Same meaning as Steam's errorcode 3; no point asking Steam.
        throw new SteamRejectedError(3, "Invalid parameter (ticket is not a hex string of valid length)");
      }
      const path = pathBeforeTicket + ticketHex;
      const deadline = Date.now() + 2 * timeoutMs;
      for (let i = 0; ; i++) {
        const remaining = deadline - Date.now();
        const outcome = await attempt(path, Math.max(1, Math.min(timeoutMs, remaining)));
        if (outcome.ok) return outcome.owner;
        if (!outcome.retryable || i >= retries) throw outcome.error;
        const backoff = Math.min(BASE_BACKOFF_MS * 2 ** i, timeoutMs / 4) * (0.5 + Math.random() / 2);
        if (deadline - Date.now() - backoff < MIN_ATTEMPT_MS) throw outcome.error;
        await sleep(backoff);
      }
    },
  };
}

/** Turns a 2xx body into an owner, or throws Rejected/Unavailable. */
function interpret(text: string): SteamTicketOwner {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SteamUnavailableError("Steam returned a body that is not JSON", RETRY_AFTER_5XX_S, "bad_response");
  }
  const parsed = EnvelopeSchema.safeParse(json);
  if (!parsed.success) {
    throw new SteamUnavailableError("Steam returned an unexpected JSON shape", RETRY_AFTER_5XX_S, "bad_response");
  }
  const { error, params } = parsed.data.response;
  if (error) {
    throw new SteamRejectedError(error.errorcode, error.errordesc ?? "");
  }
  if (!params) {
    throw new SteamUnavailableError("Steam response has neither params nor error", RETRY_AFTER_5XX_S, "bad_response");
  }
  if (params.result !== "OK") {
    throw new SteamRejectedError(-1, `unexpected result ${JSON.stringify(params.result).slice(0, 40)}`);
  }
  if (!isValidIndividualSteamId64(params.steamid)) {
    throw new SteamRejectedError(-1, "invalid steamid in response");
  }
  const steamId = params.steamid;
  let ownerSteamId = steamId;
  if (params.ownersteamid !== undefined) {
    if (!isValidIndividualSteamId64(params.ownersteamid)) {
      throw new SteamRejectedError(-1, "invalid ownersteamid in response");
    }
    ownerSteamId = params.ownersteamid;
  }
  return {
    steamId,
    ownerSteamId,
    vacBanned: params.vacbanned,
    publisherBanned: params.publisherbanned,
    familyShared: ownerSteamId !== steamId,
  };
}

function unavailable(
  message: string,
  retryAfterSeconds: number,
  reason: SteamUnavailableReason,
  retryable: boolean,
): AttemptOutcome {
  return { ok: false, error: new SteamUnavailableError(message, retryAfterSeconds, reason), retryable };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
