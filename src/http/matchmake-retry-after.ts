import type http from "node:http";
import { RETRY_AFTER_SECONDS } from "../dependency-errors";
import { interceptRequests } from "./intercept-requests";

/**
 * Colyseus answers `/matchmake/*` itself and cannot set headers on a refusal: every 503 it sends (a
 * dependency outage, see src/dependency-errors.ts, or a process shutting down) gets `Retry-After` here.
 */
export function addRetryAfterToMatchmakeRefusals(server: http.Server): void {
  interceptRequests(server, (req, res, passOn) => {
    if (req.url?.startsWith("/matchmake/")) {
      const writeHead = res.writeHead;
      res.writeHead = function (this: http.ServerResponse, statusCode: number, ...rest: unknown[]) {
        if (statusCode === 503 && !this.hasHeader("retry-after"))
          this.setHeader("Retry-After", String(RETRY_AFTER_SECONDS));
        return (writeHead as (...args: unknown[]) => http.ServerResponse).call(this, statusCode, ...rest);
      } as typeof res.writeHead;
    }
    passOn();
  });
}
