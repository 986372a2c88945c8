import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { buildServer, SERVER_DIST } from "../../scripts/build-server";
import { openDatabase } from "../../src/db/database";
import { migrationStatus } from "../../src/db/migrate";
import { freePort } from "../helpers/game-server";
import { testBackends } from "../helpers/backends";
import { spawnServer, stopServer, waitListening, type ServerProcess } from "../helpers/server-process";
import { TEST_JWT_SECRET } from "../helpers/test-app";

const MIGRATION_NAMES = fs
  .readdirSync(path.resolve(__dirname, "../../migrations"))
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.replace(/\.ts$/, ""))
  .sort();

// `npm start` runs dist/index.mjs, which tests otherwise never start (they run the sources through tsx).
for (const backend of testBackends()) {
  describe(`the build: dist/index.mjs as npm start runs it [${backend.name}]`, function () {
    this.timeout(120_000);
    let server: ServerProcess | null = null;

    before(async () => {
      await buildServer({ quiet: true });
    });

    after(async () => {
      if (server) await stopServer(server);
    });

    it("migrates from dist/migrations under the sources' names, logs in, serves the client, and a second build is skipped", async () => {
      assert.deepEqual(
        fs
          .readdirSync(path.join(SERVER_DIST, "migrations"))
          .filter((f) => f.endsWith(".js"))
          .map((f) => f.replace(/\.js$/, ""))
          .sort(),
        MIGRATION_NAMES,
      );
      const provisioned = await backend.provision();
      try {
        const port = await freePort();
        server = spawnServer(
          {
            ...provisioned.env,
            PORT: String(port),
            JWT_SECRET: TEST_JWT_SECRET,
            STEAM_AUTH_MODE: "dev",
            LOG_LEVEL: "warn",
          },
          { fromBuild: true },
        );
        await waitListening(server, 90_000);
        const base = `http://127.0.0.1:${port}`;
        const login = await fetch(`${base}/auth/steam`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ ticket: "dev:76561198000000001" }),
        });
        assert.equal(login.status, 200);
        const { accessToken } = (await login.json()) as { accessToken: string };
        const me = await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } });
        assert.equal(me.status, 200);
        assert.match(await (await fetch(`${base}/`)).text(), /<script/);
        await stopServer(server);
        server = null;

        // The sources (`npm run migrate`, tsx) see the build's migrations as their own: none pending.
        const db = await openDatabase({
          databaseUrl: provisioned.env.DATABASE_URL,
          embeddedDir: provisioned.env.EMBEDDED_DB_DIR ?? "unused",
        });
        try {
          const status = await migrationStatus(db.knex);
          assert.deepEqual(status.completed.sort(), MIGRATION_NAMES);
          assert.deepEqual(status.pending, []);
        } finally {
          await db.close();
        }
      } finally {
        await provisioned.dispose();
      }
      assert.equal((await buildServer({ quiet: true })).built, false, "inputs unchanged: the build is skipped");
    });
  });
}
