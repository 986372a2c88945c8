import fs from "node:fs";
import path from "node:path";
import express from "express";
import { ApiError, sendError } from "./http-errors";
import type { Services } from "../services";
import { PROJECT_ROOT } from "../project-root";

/** Where `npm run build:client` (client/web/build.ts) writes the bundle. */
export const WEB_CLIENT_DIST = path.join(PROJECT_ROOT, "client/web/dist");

/**
 * Serves the browser client built into client/web/dist: `GET /` is the page (revalidated on every load, so a
 * new build shows at once), `/assets/*` are content-hashed files cached for a year as immutable.
 */
export function mountWebClient(app: express.Application, _services: Services, dist = WEB_CLIENT_DIST): void {
  const indexFile = path.join(dist, "index.html");
  app.get("/", (_req, res) => {
    let html: Buffer;
    try {
      html = fs.readFileSync(indexFile);
    } catch {
      return sendError(
        res,
        new ApiError(
          503,
          "client_not_built",
          "The web client is not built: run `npm run build:client` (npm start does it)",
        ),
      );
    }
    res.set({
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-cache",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "same-origin",
      "Content-Security-Policy":
        "default-src 'self'; connect-src 'self' ws: wss: http: https:; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
    });
    res.send(html);
  });
  app.use(
    "/assets",
    express.static(path.join(dist, "assets"), {
      index: false,
      fallthrough: true,
      immutable: true,
      maxAge: "365d",
      setHeaders: (res) => res.setHeader("X-Content-Type-Options", "nosniff"),
    }),
  );
}
