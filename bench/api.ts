// Player API throughput with 1M seeded players, beside a bare Express route in the same run.
// Needs DATABASE_URL (a PostgreSQL server); creates a fresh database there and drops it afterwards.
// Progress goes to stderr; the last stdout line is one JSON object.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import express from "express";
import { loadConfig } from "../src/config";
import { configureHttpApp } from "../src/http/http-app";
import { routeModules } from "../src/app";
import { createPostgresDatabase } from "../test/helpers/backends";
import { createServices } from "../src/services";
import { loginPlayer } from "../src/db/players";
import { STARTER_DECKS } from "../src/game";
import { countCards } from "../src/db/decks";

interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Cannon = (opts: Record<string, unknown>) => Promise<CannonResult>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require("autocannon") as Cannon;

const PLAYERS = Number(process.env.BENCH_PLAYERS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
/** Players that log in and create decks: each can hold 16 more decks than its 2 starter decks. */
const DECK_WRITERS = Number(process.env.BENCH_DECK_WRITERS ?? 1500);
const FIRST_SEEDED_ID = 76561198100000000n;

const progress = (msg: string) => process.stderr.write(`[bench:api] ${msg}\n`);

async function listen(app: express.Application): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function measure(name: string, opts: Record<string, unknown>) {
  progress(`${name}: ${SECONDS}s, ${CONNECTIONS} connections`);
  const r = await autocannon({ connections: CONNECTIONS, duration: SECONDS, workers: 1, ...opts });
  const out = {
    rps: Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
  progress(`${name}: ${JSON.stringify(out)}`);
  return out;
}

async function main(): Promise<void> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error("DATABASE_URL must point at a PostgreSQL server (a scratch database is created there)");
  const database = await createPostgresDatabase(baseUrl, "cg_bench");
  progress(`database ${new URL(database.url).pathname.slice(1)}`);
  try {
    const config = loadConfig({
      NODE_ENV: "development",
      DATABASE_URL: database.url,
      JWT_SECRET: randomBytes(32).toString("hex"),
      STEAM_AUTH_MODE: "dev",
      LOG_LEVEL: "error",
    } as NodeJS.ProcessEnv);
    const services = await createServices(config);
    const knex = services.db.knex;

    let t = performance.now();
    progress(`seeding ${PLAYERS} players`);
    await knex.raw(
      `INSERT INTO players (steam_id, persona_name) SELECT ${FIRST_SEEDED_ID} + g, 'Seeded ' || g FROM generate_series(1, ?) g`,
      [PLAYERS],
    );
    // Ratings ~ N(1500, 300), RD 45..245, 0..300 games: about half the players end up on the leaderboard.
    await knex.raw(
      `INSERT INTO player_profiles (player_id, rating, rating_deviation, games, wins, losses, level, xp)
       SELECT ${FIRST_SEEDED_ID} + g,
              1500 + 300 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()),
              45 + 200 * random() ^ 2,
              games, games / 2, games - games / 2, 1 + games / 10, games * 20
         FROM (SELECT g, (300 * random())::int AS games FROM generate_series(1, ?) g) s`,
      [PLAYERS],
    );
    await knex.raw("VACUUM ANALYZE players");
    await knex.raw("VACUUM ANALYZE player_profiles");
    const seedSeconds = (performance.now() - t) / 1000;
    const [{ ranked }] = (
      await knex.raw(
        "SELECT count(*)::int AS ranked FROM player_profiles WHERE games >= 10 AND rating_deviation <= 110",
      )
    ).rows;
    progress(`seeded in ${seedSeconds.toFixed(1)}s; ${ranked} on the leaderboard`);

    t = performance.now();
    const tokens: string[] = [];
    for (let i = 0; i < DECK_WRITERS; i++) {
      const steamId = String(FIRST_SEEDED_ID + BigInt(PLAYERS) + 1000n + BigInt(i));
      await loginPlayer(knex, steamId, services.registrationSteps);
      tokens.push(services.accessTokens.sign(steamId).token);
    }
    progress(
      `registered ${DECK_WRITERS} deck writers (starter content) in ${((performance.now() - t) / 1000).toFixed(1)}s`,
    );

    const api = express();
    configureHttpApp(api, services, routeModules);
    const bare = express();
    bare.disable("x-powered-by");
    bare.get("/bare", (_req, res) => {
      res.json({ ok: true });
    });
    const apiServer = await listen(api);
    const bareServer = await listen(bare);

    // A cursor from the middle of the leaderboard, for the deep-page measurement.
    const half = Math.floor(Number(ranked) / 2);
    const mid = (
      await knex.raw(
        `SELECT player_id::text AS s, displayed_mmr AS v FROM player_profiles WHERE games >= 10 AND rating_deviation <= 110
          ORDER BY -displayed_mmr, player_id OFFSET ? LIMIT 1`,
        [half],
      )
    ).rows[0];
    const deepCursor = Buffer.from(JSON.stringify({ v: Number(mid.v), s: mid.s, r: half + 1 })).toString("base64url");

    // What an exact "count of rows ahead" would cost per deep page (the approach the cursor rank avoids).
    const countTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const c0 = performance.now();
      await knex.raw(
        `SELECT count(*) FROM player_profiles pp WHERE pp.games >= 10 AND pp.rating_deviation <= 110
            AND (-pp.displayed_mmr, pp.player_id) < (?::double precision, ?::bigint)`,
        [-Number(mid.v), mid.s],
      );
      countTimes.push(performance.now() - c0);
    }
    const countAheadMs = Math.round(Math.min(...countTimes) * 10) / 10;
    progress(`exact count of ${half} rows ahead: best of 5 = ${countAheadMs} ms`);

    for (const [label, cursorSql] of [
      ["first page", ""],
      ["mid page", `AND (-pp.displayed_mmr, pp.player_id) > (${-Number(mid.v)}::double precision, ${mid.s}::bigint)`],
    ] as const) {
      const plan = await knex.raw(
        `EXPLAIN (ANALYZE, COSTS OFF) SELECT pp.player_id::text, p.persona_name, pp.displayed_mmr FROM player_profiles pp
           JOIN players p ON p.steam_id = pp.player_id
          WHERE pp.games >= 10 AND pp.rating_deviation <= 110 AND (p.banned_until IS NULL OR p.banned_until <= now()) ${cursorSql}
          ORDER BY -pp.displayed_mmr, pp.player_id LIMIT 21`,
      );
      progress(
        `leaderboard ${label} plan:\n  ${plan.rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n  ")}`,
      );
    }

    const auth = (i: number) => ({ authorization: `Bearer ${tokens[i % tokens.length]}` });
    const deckBody = JSON.stringify({ name: "Bench deck", cards: countCards(STARTER_DECKS[0].cards) });

    const bareResult = await measure("bare express", { url: `${bareServer.url}/bare` });
    const getDecks = await measure("GET /api/me/decks", {
      url: apiServer.url,
      requests: tokens.slice(0, 200).map((_t, i) => ({ method: "GET", path: "/api/me/decks", headers: auth(i) })),
    });
    const postDecks = await measure("POST /api/me/decks", {
      url: apiServer.url,
      requests: tokens.map((_t, i) => ({
        method: "POST",
        path: "/api/me/decks",
        headers: { ...auth(i), "content-type": "application/json" },
        body: deckBody,
      })),
    });
    const leaderboard = await measure("GET /api/leaderboard", {
      url: `${apiServer.url}/api/leaderboard`,
      headers: auth(0),
    });
    const leaderboardDeep = await measure("GET /api/leaderboard (page at rank ~" + half + ")", {
      url: `${apiServer.url}/api/leaderboard?cursor=${deepCursor}`,
      headers: auth(0),
    });

    const ratio = (r: { rps: number }) => Math.round((r.rps / bareResult.rps) * 1000) / 1000;
    const summary = {
      bench: "api",
      players: PLAYERS,
      leaderboardPlayers: Number(ranked),
      seedSeconds: Math.round(seedSeconds * 10) / 10,
      secondsPerRoute: SECONDS,
      connections: CONNECTIONS,
      bareExpress: bareResult,
      getDecks: { ...getDecks, ratioToBare: ratio(getDecks) },
      postDecks: { ...postDecks, ratioToBare: ratio(postDecks) },
      leaderboard: { ...leaderboard, ratioToBare: ratio(leaderboard) },
      leaderboardDeepPage: { ...leaderboardDeep, ratioToBare: ratio(leaderboardDeep) },
      exactCountAheadAtMidpointMs: countAheadMs,
    };
    apiServer.server.closeAllConnections();
    bareServer.server.closeAllConnections();
    await new Promise((r) => apiServer.server.close(r));
    await new Promise((r) => bareServer.server.close(r));
    await services.close();
    console.log(JSON.stringify(summary));
  } finally {
    await database.drop();
    progress("scratch database dropped");
  }
}

main().catch((err) => {
  process.stderr.write(`[bench:api] failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
