// npm run bench:client: the web client's size on the wire (gzip) and its first paint in Chromium, against the
// real server on the embedded backend. Baseline in the same run: a one-line static HTML page from a bare
// node:http server, loaded alternately with the game's page in the same browser. Last line: one JSON object.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { buildWebClient, DIST_DIR } from "../client/web/build";
import { chromiumVersion, launchChromium } from "../test/helpers/browser";
import { startServerProcess } from "../test/helpers/web-server-process";

const RUNS = Number(process.argv.find((a) => a.startsWith("--runs="))?.slice(7) ?? 7);
const BUDGET_GZIP_BYTES = 350 * 1024;
const BUDGET_FIRST_PAINT_MS = 1000;

const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/** Bytes of everything the page loads (index + script + stylesheet; source maps are not loaded), gzipped at level 9. */
function pageSize(): { rawBytes: number; gzipBytes: number; files: Record<string, number> } {
  const files: Record<string, number> = {};
  let raw = 0;
  let gz = 0;
  const add = (file: string) => {
    const data = fs.readFileSync(file);
    const zipped = zlib.gzipSync(data, { level: 9 }).length;
    files[path.relative(DIST_DIR, file)] = zipped;
    raw += data.length;
    gz += zipped;
  };
  add(path.join(DIST_DIR, "index.html"));
  for (const f of fs.readdirSync(path.join(DIST_DIR, "assets")))
    if (!f.endsWith(".map")) add(path.join(DIST_DIR, "assets", f));
  return { rawBytes: raw, gzipBytes: gz, files };
}

/** First paint and first contentful paint of a fresh page (new context: empty cache), in ms from navigation start. */
async function paint(
  browser: Browser,
  url: string,
  readySelector: string,
): Promise<{ firstPaint: number; fcp: number; ready: number }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "load" });
    await page.waitForSelector(readySelector, { timeout: 30_000 });
    // A string, not a function: tsx would wrap a function's inner helpers in its own __name(), absent in the page.
    return (await page.evaluate(`(async () => {
      const ready = performance.now();
      for (let i = 0; i < 100 && performance.getEntriesByType("paint").length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      const get = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
      return { firstPaint: get("first-paint"), fcp: get("first-contentful-paint"), ready };
    })()`)) as { firstPaint: number; fcp: number; ready: number };
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  await buildWebClient({ quiet: true });
  const size = pageSize();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cg-bench-client-"));
  const server = await startServerProcess({ EMBEDDED_DB_DIR: dir, OUTBOX_FILE: path.join(dir, "outbox.jsonl") });
  const bare = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" });
    res.end('<!doctype html><title>baseline</title><p id="ready">baseline</p>');
  });
  await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
  const browser = await launchChromium();
  try {
    // Warm-up of each (Chromium start-up effects, server JIT), not counted.
    await paint(browser, server.baseUrl + "/", "[data-testid=login-submit]");
    await paint(browser, bareUrl, "#ready");
    const game: Array<{ firstPaint: number; fcp: number; ready: number }> = [];
    const base: Array<{ firstPaint: number; fcp: number; ready: number }> = [];
    for (let i = 0; i < RUNS; i++) {
      game.push(await paint(browser, server.baseUrl + "/", "[data-testid=login-submit]"));
      base.push(await paint(browser, bareUrl, "#ready"));
    }
    const fcp = median(game.map((r) => r.fcp));
    const baselineFcp = median(base.map((r) => r.fcp));
    const summary = {
      bench: "client",
      chromium: chromiumVersion(),
      runs: RUNS,
      bundleRawBytes: size.rawBytes,
      bundleGzipBytes: size.gzipBytes,
      bundleGzipKB: round(size.gzipBytes / 1024),
      files: size.files,
      firstPaintMs: round(median(game.map((r) => r.firstPaint))),
      firstContentfulPaintMs: round(fcp),
      loginFormReadyMs: round(median(game.map((r) => r.ready))),
      baselineFirstContentfulPaintMs: round(baselineFcp),
      ratioFcpToBaseline: round(fcp / baselineFcp, 2),
      budget: {
        gzipBytes: BUDGET_GZIP_BYTES,
        firstPaintMs: BUDGET_FIRST_PAINT_MS,
        met: size.gzipBytes <= BUDGET_GZIP_BYTES && fcp <= BUDGET_FIRST_PAINT_MS,
      },
    };
    console.log(JSON.stringify(summary));
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => bare.close(() => resolve()));
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
