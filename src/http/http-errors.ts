import type { ErrorRequestHandler, Response } from "express";
import { RETRY_AFTER_SECONDS, unavailableDependency, unavailableMessage, type Dependency } from "../dependency-errors";

export interface ErrorBody {
  error: { code: string; message: string; [extra: string]: unknown };
}

/** An error with the HTTP status and stable code a client can branch on. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function errorBody(err: ApiError): ErrorBody {
  return { error: { code: err.code, message: err.message, ...err.extra } };
}

/** What express.json's parse failures become, and the same refusal from the JSON routes served ahead of it. */
export const invalidJsonError = () => new ApiError(400, "invalid_json", "Request body is not valid JSON");

/** HTTP 503 `{ error: { code: "unavailable", message, retryAfter } }` with a Retry-After header. */
export function unavailableApiError(dependency: Dependency): ApiError {
  return new ApiError(
    503,
    "unavailable",
    unavailableMessage(dependency),
    { retryAfter: RETRY_AFTER_SECONDS },
    { "Retry-After": String(RETRY_AFTER_SECONDS) },
  );
}

/** An ApiError as is; an outage of PostgreSQL or Redis as `unavailable`; anything else null (a 500). */
export function knownApiError(err: unknown): ApiError | null {
  if (err instanceof ApiError) return err;
  const dependency = unavailableDependency(err);
  return dependency ? unavailableApiError(dependency) : null;
}

export function sendError(res: Response, err: ApiError): void {
  for (const [name, value] of Object.entries(err.headers)) res.setHeader(name, value);
  res.status(err.status).json(errorBody(err));
}

/** Last middleware: every failure leaves as `{ error: { code, message } }`, never an HTML page or a stack. */
export function errorHandler(log: (msg: string, err: unknown) => void): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const known = knownApiError(err);
    if (known) return sendError(res, known);
    const status =
      typeof err?.status === "number" ? err.status : typeof err?.statusCode === "number" ? err.statusCode : 500;
    if (err?.type === "entity.parse.failed") {
      return sendError(res, invalidJsonError());
    }
    if (err?.type === "entity.too.large") {
      return sendError(res, new ApiError(413, "payload_too_large", "Request body is too large"));
    }
    if (status >= 400 && status < 500) {
      return sendError(res, new ApiError(status, "bad_request", String(err?.message ?? "Bad request")));
    }
    log("unhandled error in HTTP route", err);
    sendError(res, new ApiError(500, "internal_error", "Internal server error"));
  };
}
