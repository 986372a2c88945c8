import type http from "node:http";
import { interceptRequests } from "./intercept-requests";

/**
 * Refuses oversized request bodies before any handler reads them. Express routes have their own 16 KB
 * JSON limit, but Colyseus' /matchmake routes read the whole body before checking the token. Installed
 * after listen(), when Colyseus has attached its request listener; bodies must declare Content-Length.
 */
export function guardRequestBodies(server: http.Server, limitBytes: number): void {
  interceptRequests(server, (req, res, passOn) => {
    const hasBody = req.method !== "GET" && req.method !== "HEAD" && req.method !== "OPTIONS";
    const length = Number(req.headers["content-length"] ?? (hasBody && req.headers["transfer-encoding"] ? NaN : 0));
    if (hasBody && (!Number.isFinite(length) || length > limitBytes)) {
      const tooLarge = Number.isFinite(length);
      res.writeHead(tooLarge ? 413 : 411, { "content-type": "application/json", connection: "close" });
      res.end(
        JSON.stringify({
          error: tooLarge
            ? { code: "payload_too_large", message: `request bodies are limited to ${limitBytes} bytes` }
            : { code: "length_required", message: "request bodies must declare Content-Length" },
        }),
      );
      req.destroy();
      return;
    }
    passOn();
  });
}
