import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { activeBattleOf, markInBattle } from "../../src/battle/active-battles";
import { testBackends } from "../helpers/backends";
import { Inbox } from "../helpers/battle-bots";
import { startTestGameServer, type TestGameServer } from "../helpers/game-server";

let counter = 0;
const nextSteamId = () => String(76561198700000000n + BigInt(process.pid % 1000) * 10000n + BigInt(++counter));

for (const backend of testBackends()) {
  describe(`bans and one ranked game at a time [${backend.name}]`, function () {
    this.timeout(60_000);
    let server: TestGameServer;
    before(async () => {
      server = await startTestGameServer(backend);
    });
    after(async () => server?.close());

    it("refuses a player banned after login at the queue, although the access token is still valid", async () => {
      const steamId = nextSteamId();
      const { accessToken } = await server.login(steamId);
      await server.app.services.db
        .knex("players")
        .where({ steam_id: steamId })
        .update({ banned_until: new Date(Date.now() + 3_600_000), ban_reason: "cheating" });
      // Rooms read the cached ban list (no database read per join): a ban written in SQL is picked up by its reload.
      await server.app.services.banList.reload();
      const sdk = server.sdk();
      sdk.auth.token = accessToken;
      await assert.rejects(sdk.joinOrCreate("queue", {}), /banned/);
    });

    it("refuses the queue to a player whose ranked battle is still running, and lets them back after it ends", async () => {
      const ids = [nextSteamId(), nextSteamId()];
      const tokens = await Promise.all(ids.map((id) => server.login(id)));
      const knex = server.app.services.db.knex;
      const decks = await Promise.all(
        ids.map(async (id) => (await knex("player_decks").where({ player_id: id, is_default: true }).first("id")).id),
      );
      const room = await matchMaker.createRoom("battle", {
        players: ids.map((steamId, i) => ({ steamId, deckId: decks[i], rating: 1500 })),
        seed: "one-game",
      });
      const inboxes = await Promise.all(
        ids.map(
          async (steamId) =>
            new Inbox(
              await server
                .sdkAs(steamId)
                .consumeSeatReservation(await matchMaker.reserveSeatFor(room, {}, { steamId })),
            ),
        ),
      );
      await inboxes[0].next("legal");

      const sdk = server.sdk();
      sdk.auth.token = tokens[0].accessToken;
      const queue = await sdk.joinOrCreate("queue", {});
      const refused = await new Promise<{ code: string }>((resolve) => queue.onMessage("error", resolve));
      assert.equal(refused.code, "in_battle");

      inboxes[0].room.send("concede", {});
      await Promise.all(inboxes.map((i) => i.next("result")));
      const again = server.sdk();
      again.auth.token = tokens[0].accessToken;
      const queue2 = await again.joinOrCreate("queue", {});
      const queued = await new Promise<{ rating: number }>((resolve) => queue2.onMessage("queued", resolve));
      assert.ok(queued.rating < 1500, "queued again with the rating after the loss");
      await queue2.leave();
    });

    it("admits a player whose in-battle marker names a battle that no longer runs (its process died), and clears the marker", async () => {
      const steamId = nextSteamId();
      const { accessToken } = await server.login(steamId);
      const store = server.app.services.store;
      await markInBattle(store, steamId, "goneBattleRoom", 330_000);
      const sdk = server.sdk();
      sdk.auth.token = accessToken;
      const queue = await sdk.joinOrCreate("queue", {});
      const first = await new Promise<{ type: string; payload: unknown }>((resolve) =>
        queue.onMessage("*", (type, payload) => resolve({ type: String(type), payload })),
      );
      assert.equal(first.type, "queued", JSON.stringify(first));
      assert.equal(await activeBattleOf(store, steamId), null);
      await queue.leave();
    });
  });
}
