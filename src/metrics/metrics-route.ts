import { timingSafeEqual } from "node:crypto";
import type express from "express";
import { ApiError, sendError } from "../http/http-errors";
import type { Services } from "../services";
import { metricsRegistry } from "./registry";
import { setMetricsServices } from "./scrape-sources";

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * GET /metrics: Prometheus text format, only with `Authorization: Bearer <METRICS_TOKEN>`. Without
 * METRICS_TOKEN the route does not exist (404 like any unknown path).
 */
export function mountMetricsRoute(app: express.Application, services: Services): void {
  const token = services.config.METRICS_TOKEN;
  if (!token) return;
  setMetricsServices(services);
  app.get("/metrics", (req, res) => {
    const header = req.get("authorization") ?? "";
    const given = header.startsWith("Bearer ") ? header.slice("Bearer ".length) : "";
    if (!given || !sameToken(given, token)) {
      res.setHeader("www-authenticate", 'Bearer realm="metrics"');
      return sendError(
        res,
        new ApiError(401, "unauthorized", "GET /metrics needs Authorization: Bearer <METRICS_TOKEN>"),
      );
    }
    metricsRegistry.metrics().then(
      (text) => {
        res.setHeader("content-type", metricsRegistry.contentType);
        res.setHeader("cache-control", "no-store");
        res.send(text);
      },
      (err: Error) => sendError(res, new ApiError(500, "internal_error", `metrics collection failed: ${err.message}`)),
    );
  });
}
