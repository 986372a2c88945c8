import type http from "node:http";
import { matchMaker } from "@colyseus/core";

/** `*` (any origin) or the exact origins (`scheme://host[:port]`) allowed to call this server from a browser. */
export type CorsOrigins = "*" | readonly string[];

/**
 * The CORS headers for a request from `origin`. The rest of the set is Colyseus' own
 * (`matchMaker.controller.DEFAULT_CORS_HEADERS`), which it sends on every response that passes its request
 * listener, Express routes included. Same-origin requests need none of this; a disallowed origin gets no
 * `Access-Control-Allow-Origin`, so the browser withholds the response.
 */
export function corsOriginHeaders(allowed: CorsOrigins, origin: string | null | undefined): Record<string, string> {
  if (!origin) return { "Access-Control-Allow-Origin": "*" };
  if (allowed === "*" || allowed.includes(origin)) return { "Access-Control-Allow-Origin": origin, Vary: "Origin" };
  return { Vary: "Origin" };
}

/**
 * Makes Colyseus' CORS listener (which answers preflights and decorates every response, Express included)
 * follow CORS_ORIGINS. The controller is process-wide, as is the configuration.
 */
export function applyCorsPolicy(allowed: CorsOrigins): void {
  const { "Access-Control-Allow-Origin": _any, ...rest } = matchMaker.controller.DEFAULT_CORS_HEADERS as Record<
    string,
    string
  >;
  matchMaker.controller.DEFAULT_CORS_HEADERS = rest as typeof matchMaker.controller.DEFAULT_CORS_HEADERS;
  matchMaker.controller.getCorsHeaders = (headers: Headers) => corsOriginHeaders(allowed, headers.get("origin"));
}

/** The exact header set Colyseus' listener sends for this request; for handlers that answer ahead of it. */
export function colyseusCorsHeaders(req: http.IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  const headers = new Headers(origin === undefined ? {} : { origin });
  return { ...matchMaker.controller.DEFAULT_CORS_HEADERS, ...matchMaker.controller.getCorsHeaders(headers) };
}
