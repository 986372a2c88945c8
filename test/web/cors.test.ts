// CORS_ORIGINS: a page from another origin may log in when its origin is listed, and the login fast path
// (src/http/json-routes.ts) sends exactly the CORS headers of the Express path and of Colyseus' own routes.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { applyCorsPolicy } from "../../src/http/cors";
import { embeddedBackend } from "../helpers/backends";
import { launchChromium } from "../helpers/browser";
import { startTestGameServer, type TestGameServer } from "../helpers/game-server";

function corsHeaders(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (name.startsWith("access-control-") || name === "vary") out[name] = value;
  });
  return out;
}

/** A page server on its own port: a second origin for the browser. */
async function pageServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const srv = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<!doctype html><title>other origin</title>");
  });
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => srv.close(() => resolve())),
  };
}

describe("CORS for browser clients on another origin", function () {
  this.timeout(120_000);
  let allowed: { origin: string; close(): Promise<void> };
  let other: { origin: string; close(): Promise<void> };
  let server: TestGameServer;
  let browser: Browser;

  before(async () => {
    allowed = await pageServer();
    other = await pageServer();
    server = await startTestGameServer(embeddedBackend, {
      CORS_ORIGINS: `${allowed.origin}, https://play.example.com`,
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
    await allowed?.close();
    await other?.close();
    applyCorsPolicy("*");
  });

  it("the fast path and the Express path send the same CORS headers, for allowed and other origins", async () => {
    for (const origin of [allowed.origin, other.origin]) {
      const headers = { origin, "content-type": "application/json" };
      const fast = await fetch(`${server.baseUrl}/auth/steam`, {
        method: "POST",
        headers,
        body: JSON.stringify({ ticket: "dev:76561198000000501" }),
      });
      // A trailing slash is not taken by the fast path: Express answers the same route.
      const viaExpress = await fetch(`${server.baseUrl}/auth/steam/`, {
        method: "POST",
        headers,
        body: JSON.stringify({ ticket: "dev:76561198000000502" }),
      });
      const api = await fetch(`${server.baseUrl}/api/cards`, { headers: { origin } });
      assert.equal(fast.status, 200);
      assert.equal(viaExpress.status, 200);
      assert.ok(Object.keys(corsHeaders(fast)).length >= 4, "CORS headers present on the fast path");
      assert.deepEqual(corsHeaders(fast), corsHeaders(viaExpress));
      assert.deepEqual(corsHeaders(fast), corsHeaders(api));
      if (origin === allowed.origin) assert.equal(fast.headers.get("access-control-allow-origin"), origin);
      else assert.equal(fast.headers.get("access-control-allow-origin"), null);
    }
  });

  it("a page on a listed origin logs in from the browser; a page on another origin is refused by the browser", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const tryLogin = (endpoint: string) =>
        page.evaluate(async (url) => {
          try {
            const res = await fetch(`${url}/auth/steam`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ ticket: "dev:76561198000000503" }),
            });
            const body = await res.json();
            return { ok: true, status: res.status, steamId: body.player?.steamId as string | undefined };
          } catch (err) {
            return { ok: false, error: String(err) };
          }
        }, endpoint);
      await page.goto(allowed.origin + "/");
      const fromAllowed = await tryLogin(server.baseUrl);
      assert.deepEqual(fromAllowed, { ok: true, status: 200, steamId: "76561198000000503" });
      await page.goto(other.origin + "/");
      const fromOther = await tryLogin(server.baseUrl);
      assert.equal(fromOther.ok, false, "the browser withholds the answer from an origin not in CORS_ORIGINS");
    } finally {
      await context.close();
    }
  });
});
