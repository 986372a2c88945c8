import assert from "node:assert/strict";
import { openDatabase } from "../../src/db/database";
import { unavailableDependency } from "../../src/dependency-errors";
import { postgresBackend, REAL_DATABASE_URL, type Backend } from "../helpers/backends";
import { startTestGameServer, type TestGameServer } from "../helpers/game-server";
import { request } from "../helpers/http";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy";
import { waitFor } from "../helpers/wait";

(REAL_DATABASE_URL ? describe : describe.skip)(
  "PostgreSQL outage: statement timeout and `unavailable` refusals",
  function () {
    this.timeout(60_000);
    let proxy: TcpProxy | null = null;
    let server: TestGameServer;

    /** The PostgreSQL backend, reached through a TCP proxy the test can cut. */
    const proxiedPostgres: Backend = {
      name: "postgres",
      async provision() {
        const provisioned = await postgresBackend.provision();
        const url = new URL(provisioned.env.DATABASE_URL);
        proxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
        url.port = String(proxy.port);
        return { env: { ...provisioned.env, DATABASE_URL: url.toString() }, dispose: provisioned.dispose };
      },
    };

    before(async () => {
      server = await startTestGameServer(proxiedPostgres, {
        DATABASE_STATEMENT_TIMEOUT_MS: "1000",
        DATABASE_CONNECT_TIMEOUT_MS: "1000",
      });
    });
    after(async () => {
      proxy?.restore();
      await server?.close();
      await proxy?.close();
    });

    it("cancels a statement that runs longer than DATABASE_STATEMENT_TIMEOUT_MS, as an outage", async () => {
      const err = await server.app.services.db.knex.raw("select pg_sleep(5)").then(
        () => null,
        (e: unknown) => e,
      );
      assert.ok(err instanceof Error, "the statement was cancelled");
      assert.equal((err as { code?: string }).code, "57014");
      assert.equal(unavailableDependency(err), "database");
    });

    it("sets the timeout and keepalive on both pools", async () => {
      const db = await openDatabase({
        databaseUrl: REAL_DATABASE_URL,
        embeddedDir: "unused",
        statementTimeoutMs: 1234,
        keepAliveSeconds: 7,
      });
      try {
        for (const pool of [db.knex, db.asyncCommitKnex]) {
          const row = (await pool.raw("show statement_timeout")).rows[0];
          assert.equal(row.statement_timeout, "1234ms");
        }
      } finally {
        await db.close();
      }
    });

    it("answers a REST call and a queue join during the outage with `unavailable` and Retry-After, then recovers", async () => {
      const { accessToken } = await server.login("76561198000111222");
      assert.equal((await request(server.baseUrl, "GET", "/api/me", { token: accessToken })).status, 200);
      proxy!.cut();

      const rest = await request(server.baseUrl, "GET", "/api/me", { token: accessToken });
      assert.equal(rest.status, 503, JSON.stringify(rest.body));
      assert.equal(rest.body.error.code, "unavailable");
      assert.match(rest.body.error.message, /database is unavailable/);
      assert.equal(rest.headers.get("retry-after"), "5");

      const matchmake = await request(server.baseUrl, "POST", "/matchmake/joinOrCreate/queue", {
        body: {},
        headers: { authorization: `Bearer ${accessToken}` },
      });
      assert.equal(matchmake.status, 503, JSON.stringify(matchmake.body));
      assert.equal(matchmake.headers.get("retry-after"), "5");

      const sdk = server.sdk();
      sdk.auth.token = accessToken;
      const refusal = await sdk.joinOrCreate("queue", {}).then(
        () => null,
        (e: { code?: number; message?: string }) => e,
      );
      assert.equal(refusal?.code, 503);
      assert.match(String(refusal?.message), /^unavailable: the database is unavailable; retry in 5 s/);

      proxy!.restore();
      await waitFor(
        async () => (await request(server.baseUrl, "GET", "/api/me", { token: accessToken })).status === 200,
        "the API after the outage",
        20_000,
      );
    });
  },
);
