import assert from "node:assert/strict";
import knexFactory, { type Knex } from "knex";
import type { ResultMessage } from "../helpers/battle-bots";
import { waitFor } from "../helpers/wait";
import { playToTheEnd, profiles, ratingsAfter, resultsPending, startBattles, type RunningBattle } from "./battles";
import type { PostgresInstance } from "./instances";
import { RedisInstance } from "./instances";
import { createGameDatabase, leaveAll, recordedMatches, ServerProcess } from "./servers";
import { nextDatabaseName, suitePostgres } from "./suite-postgres";

const BATTLES = 12;
const METRICS_TOKEN = "faults-metrics-token-0123456789";

describe("fault: PostgreSQL stops while matches end (two processes)", function () {
  this.timeout(240_000);
  let pg: PostgresInstance;
  let redis: RedisInstance;
  let dbUrl: string;
  let knex: Knex;
  const servers: ServerProcess[] = [];
  const battles: RunningBattle[] = [];

  before(async () => {
    pg = await suitePostgres();
    const db = await createGameDatabase(pg.url, nextDatabaseName("faults_pgstop"));
    ({ knex, url: dbUrl } = db);
    redis = await RedisInstance.create({ persistent: true });
    const env = { DATABASE_URL: dbUrl, REDIS_URL: redis.url, METRICS_TOKEN };
    servers.push(await ServerProcess.start(env), await ServerProcess.start(env));
  });

  after(async () => {
    await leaveAll(battles.flatMap((b) => b.rooms.map((r) => ({ leave: async () => void (await r.leave()) }))));
    await Promise.all(servers.map((s) => s.stop("SIGKILL")));
    await knex?.destroy();
    await redis?.destroy();
    // The suite's PostgreSQL is shared by the other fault tests: never leave it stopped.
    await pg?.start().catch(() => undefined);
  });

  it(`every one of ${BATTLES} matches that end during the outage is recorded exactly once, ratings applied once, and the outbox drains to 0`, async () => {
    battles.push(...(await startBattles(servers, knex, BATTLES)));
    const hosts = new Set(battles.map((b) => b.host));
    console.log(`      ${BATTLES} battles running on ${hosts.size} process(es)`);
    const steamIds = battles.flatMap((b) => b.steamIds);
    assert.deepEqual(await recordedMatches(knex), { matches: 0, participants: 0, distinctMatches: 0 });

    // The test's own pool would hold killed connections: close it, reopen after the outage.
    await knex.destroy();
    await pg.stop("fast");
    const stopped = Date.now();
    const results: ResultMessage[][] = await Promise.all(battles.map((b, i) => playToTheEnd(b, 1000 + i)));
    const allEnded = Date.now() - stopped;
    // Every match ended while PostgreSQL was down: every player was told `result` with `pending: true`.
    for (const [i, pair] of results.entries()) {
      assert.equal(pair[0].matchId, pair[1].matchId, `battle ${i}: both players got the same match's result`);
      for (const r of pair) {
        assert.equal(r.pending, true, `battle ${i}: ${JSON.stringify(r)}`);
        assert.equal(r.you.ratingChange, null);
      }
    }
    const matchIds = new Set(results.map((pair) => pair[0].matchId));
    assert.equal(matchIds.size, BATTLES, "one match id per battle");
    await waitFor(
      async () => (await resultsPending(servers[0], METRICS_TOKEN)) === BATTLES,
      `${BATTLES} results parked in the outbox`,
      15_000,
    );

    await pg.start();
    const back = Date.now();
    console.log(
      `      PostgreSQL stopped ${back - stopped} ms; all ${BATTLES} matches ended ${allEnded} ms after the stop`,
    );
    knex = knexFactory({ client: "pg", connection: dbUrl, pool: { min: 0, max: 4 } });

    for (const server of servers) {
      await waitFor(
        async () => (await resultsPending(server, METRICS_TOKEN)) === 0,
        `the outbox to drain (as seen by ${server.port})`,
        60_000,
      );
    }
    console.log(`      outbox drained ${Date.now() - back} ms after PostgreSQL returned`);

    const counts = await recordedMatches(knex);
    console.log(`      recorded: ${JSON.stringify(counts)} for ${BATTLES} matches finished`);
    assert.deepEqual(counts, { matches: BATTLES, participants: 2 * BATTLES, distinctMatches: BATTLES });
    const recordedIds = (await knex("match_history").select("id")).map((r: { id: string }) => r.id);
    assert.deepEqual(new Set(recordedIds), matchIds, "the recorded matches are exactly the ones played");

    // Ratings applied once: one game per player, and the profile's rating is the one its single match wrote.
    const profile = await profiles(knex, steamIds);
    const after = await ratingsAfter(knex, steamIds);
    for (const id of steamIds) {
      assert.equal(profile.get(id)?.games, 1, `player ${id}: games`);
      assert.equal(after.get(id)?.length, 1, `player ${id}: participant rows`);
      assert.equal(profile.get(id)?.rating, after.get(id)![0], `player ${id}: rating is its match's rating_after`);
    }
  });
});
