import type http from "node:http";
import type { RequestHandler } from "express";
import { clientIp, type TrustProxy } from "./client-ip";
import { ApiError, errorBody, invalidJsonError, knownApiError } from "./http-errors";
import { interceptRequests } from "./intercept-requests";

export interface JsonReply {
  status: number;
  /** Sent as JSON; none for 204. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** A POST route with a JSON body: parsed body and client address in, reply out; refusals throw ApiError. */
export type JsonRoute = (body: unknown, request: { ip: string }) => Promise<JsonReply>;

/** Request bodies of JSON routes, here and in `express.json` (src/http/http-app.ts). */
export const JSON_BODY_LIMIT_BYTES = 16 * 1024;

export type UnexpectedErrorLog = (message: string, err: unknown) => void;

function errorReply(err: unknown, logUnexpected: UnexpectedErrorLog): JsonReply {
  let apiError = knownApiError(err);
  if (!apiError) {
    logUnexpected("unhandled error in HTTP route", err);
    apiError = new ApiError(500, "internal_error", "Internal server error");
  }
  return { status: apiError.status, body: errorBody(apiError), headers: apiError.headers };
}

function send(res: http.ServerResponse, reply: JsonReply, baseHeaders: Record<string, string> = {}): void {
  if (reply.body === undefined) {
    res.writeHead(reply.status, { ...baseHeaders, ...reply.headers });
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...baseHeaders,
    ...reply.headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** The Express form of a JSON route (the body already parsed by `express.json`). */
export function expressJsonRoute(route: JsonRoute, logUnexpected: UnexpectedErrorLog): RequestHandler {
  return (req, res) => {
    route(req.body ?? {}, { ip: req.ip ?? "unknown" }).then(
      (reply) => send(res, reply),
      (err: unknown) => send(res, errorReply(err, logUnexpected)),
    );
  };
}

/** `application/json`, optionally with a UTF-8 charset: the only bodies the fast path parses itself. */
function isPlainJson(req: http.IncomingMessage): boolean {
  const type = req.headers["content-type"];
  if (type === undefined) return false;
  const [media, ...params] = type
    .toLowerCase()
    .split(";")
    .map((part) => part.trim());
  if (media !== "application/json") return false;
  return params.every(
    (param) => !param.startsWith("charset=") || param === "charset=utf-8" || param === 'charset="utf-8"',
  );
}

/**
 * Serves JSON POST routes straight from node:http, ahead of Colyseus and Express, which stay the handlers
 * of everything else. Express spends about 100 µs of CPU per request in its own layers (measured in
 * docs/BENCHMARKS.md), as much as the whole Steam call, and login is the request a launch-day storm sends.
 *
 * Only the plain form is taken here: POST to the exact path (a query string allowed), an uncompressed UTF-8
 * `application/json` body of declared length within the limit. Any other request for these paths (compressed,
 * another content type, trailing slash, oversized…) goes on to Express, whose route runs the same JsonRoute,
 * so a client sees one behaviour either way.
 */
export function serveJsonRoutesFirst(
  server: http.Server,
  routes: Record<string, JsonRoute>,
  options: {
    trustProxy: TrustProxy;
    logUnexpected: UnexpectedErrorLog;
    /** Headers every reply carries, as the listeners behind would add them (CORS: src/http/cors.ts). */
    responseHeaders?: (req: http.IncomingMessage) => Record<string, string>;
  },
): void {
  const table = new Map(Object.entries(routes));
  interceptRequests(server, (req, res, passOn) => {
    const url = req.url ?? "";
    const query = url.indexOf("?");
    const route = req.method === "POST" ? table.get(query === -1 ? url : url.slice(0, query)) : undefined;
    const length = Number(req.headers["content-length"]);
    const encoding = req.headers["content-encoding"];
    const fast =
      route !== undefined &&
      isPlainJson(req) &&
      (encoding === undefined || encoding.toLowerCase() === "identity") &&
      Number.isInteger(length) &&
      length <= JSON_BODY_LIMIT_BYTES;
    if (!fast) return passOn();
    const headers = options.responseHeaders?.(req) ?? {};
    const chunks: Buffer[] = [];
    let received = 0;
    req.on("data", (chunk: Buffer) => {
      received += chunk.length;
      chunks.push(chunk);
    });
    req.on("end", () => {
      let body: unknown;
      try {
        if (received !== length) throw new SyntaxError("body length differs from Content-Length");
        const text = Buffer.concat(chunks, received).toString("utf8");
        // As express.json (strict): an empty body is {}, anything but an object or array is refused.
        body = text.trim() === "" ? {} : JSON.parse(text);
        if (typeof body !== "object" || body === null) throw new SyntaxError("not an object or array");
      } catch {
        return send(res, errorReply(invalidJsonError(), options.logUnexpected), headers);
      }
      route(body, { ip: clientIp(req, options.trustProxy) }).then(
        (reply) => send(res, reply, headers),
        (err: unknown) => send(res, errorReply(err, options.logUnexpected), headers),
      );
    });
  });
}
