import assert from "node:assert/strict";
import { postgresBackend, REAL_DATABASE_URL, REAL_REDIS_URL, type Backend } from "../helpers/backends";
import { CapturedOutput } from "../helpers/captured-output";
import { startTestGameServer, type TestGameServer } from "../helpers/game-server";
import { request } from "../helpers/http";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy";
import { waitFor } from "../helpers/wait";

function throughProxy(url: string, proxy: TcpProxy): string {
  const u = new URL(url);
  u.hostname = "127.0.0.1";
  u.port = String(proxy.port);
  return u.toString();
}

// Cutting PostgreSQL and Redis needs the real servers (CI sets both).
(REAL_DATABASE_URL && REAL_REDIS_URL ? describe : describe.skip)(
  "GET /ready follows PostgreSQL and Redis; /health does not",
  function () {
    this.timeout(90_000);
    let server: TestGameServer | null = null;
    const proxies: TcpProxy[] = [];
    const outputs: CapturedOutput[] = [];

    after(async () => {
      for (const o of outputs) o.stop();
      for (const p of proxies) p.restore();
      await server?.close();
      await Promise.all(proxies.map((p) => p.close()));
    });

    it("answers 503 not_ready while the database or Redis (store, presence, driver) is cut, and 200 again once it is back", async () => {
      const pg = new URL(REAL_DATABASE_URL!);
      const rd = new URL(REAL_REDIS_URL!);
      const dbProxy = await startTcpProxy(pg.hostname, Number(pg.port || 5432));
      const redisProxy = await startTcpProxy(rd.hostname, Number(rd.port || 6379));
      proxies.push(dbProxy, redisProxy);
      const proxied: Backend = {
        name: "postgres",
        async provision() {
          const real = await postgresBackend.provision();
          return {
            env: {
              ...real.env,
              DATABASE_URL: throughProxy(real.env.DATABASE_URL, dbProxy),
              REDIS_URL: throughProxy(real.env.REDIS_URL, redisProxy),
            },
            dispose: real.dispose,
          };
        },
      };
      server = await startTestGameServer(proxied);
      const output = new CapturedOutput().start();
      outputs.push(output);
      const ready = () => request(server!.baseUrl, "GET", "/ready");
      assert.deepEqual((await ready()).body, { ok: true, database: "up", redis: "up" });

      for (const [proxy, what] of [
        [redisProxy, /Redis/],
        [dbProxy, /database/],
      ] as const) {
        proxy.cut();
        const down = await waitFor(
          async () => {
            const res = await ready();
            return res.status === 503 ? res : null;
          },
          `/ready to notice ${what}`,
          20_000,
        );
        assert.equal(down.body.error.code, "not_ready");
        assert.match(down.body.error.message, what);
        assert.equal((await request(server.baseUrl, "GET", "/health")).status, 200);
        proxy.restore();
        await waitFor(async () => (await ready()).status === 200, "/ready to recover", 30_000);
      }
      output.stop();
      assert.ok(
        !output.lines.some((l) => l.includes("[ioredis]")),
        "Redis errors go through the logger, not ioredis' console output",
      );
      const redisWarnings = output.entries().filter((e) => e.msg === "Redis connection error; retrying");
      assert.ok(
        redisWarnings.length <= 8,
        `${redisWarnings.length} Redis warnings: at most one per connection role and 10 s`,
      );
    });
  },
);
