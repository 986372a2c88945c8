import assert from "node:assert/strict";
import { challengeCodeFromValue, challengeCodeValue, normalizeChallengeCode } from "../../src/matchmaker/challenges";
import { testBackends } from "../helpers/backends";
import { request } from "../helpers/http";
import { createdBattles } from "./fixtures/placeholder-battle-room";
import { nextSteamId, seedPlayer, sleep } from "./helpers";
import { QueuePlayer } from "./queue-client";
import { startQueueServer, type QueueServer } from "./queue-server";

describe("challenge codes", () => {
  it("read back from their pairing value, and normalise what a player types", () => {
    for (const code of ["AAAAAA", "999999", "K7PQ2Z", "HJMN34"])
      assert.equal(challengeCodeFromValue(challengeCodeValue(code)), code);
    assert.ok(challengeCodeValue("999999") < 2 ** 53);
    assert.equal(normalizeChallengeCode(" k7p-q2z "), "K7PQ2Z");
    for (const bad of ["K7PQ2", "K7PQ2ZZ", "O0OOOO", "I1LLLL", 123456, null])
      assert.equal(normalizeChallengeCode(bad), null);
  });
});

for (const backend of testBackends()) {
  describe(`play modes in the queue room [${backend.name}]`, function () {
    this.timeout(30_000);
    let srv: QueueServer;
    const players: QueuePlayer[] = [];

    before(async () => {
      srv = await startQueueServer(backend);
    });
    after(async () => {
      await srv?.close();
    });
    afterEach(async () => {
      await Promise.all(players.splice(0).map((p) => p.leave()));
      await sleep(50);
      for (const mm of srv.services.playModes.all) await mm.queue.clear();
    });

    const knex = () => srv.services.db.knex;
    const token = (steamId: string) => srv.services.accessTokens.sign(steamId).token;
    async function join(steamId: string, options: Record<string, unknown> = {}): Promise<QueuePlayer> {
      const p = await QueuePlayer.join(srv.endpoint, token(steamId), options);
      players.push(p);
      return p;
    }
    async function challenge(steamId: string): Promise<{ code: string; expiresAt: string }> {
      const res = await request(srv.httpUrl, "POST", "/api/challenges", { token: token(steamId) });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    }

    it("casual pairs casual players only, creates a casual battle, and keeps ranked players out of it", async () => {
      const [ranked, casualA, casualB] = [nextSteamId(), nextSteamId(), nextSteamId()];
      await seedPlayer(knex(), ranked, { rating: 1500 });
      await seedPlayer(knex(), casualA, { rating: 1500 });
      await seedPlayer(knex(), casualB, { rating: 1580 });
      const pr = await join(ranked);
      await pr.next("queued");
      const pa = await join(casualA, { mode: "casual" });
      const qa = await pa.next("queued");
      assert.equal(qa.rating, 1500);
      // Same rating as the ranked player, but another queue: no pair until a second casual player comes.
      await sleep(500);
      assert.ok(!pa.has("matched") && !pr.has("matched"));
      assert.equal(await srv.services.playModes.casual.queue.size(), 1);
      assert.equal(await srv.services.playModes.ranked.queue.size(), 1);
      // 80 apart: outside the ranked base window (50) and inside the casual one (2 × 50).
      const pb = await join(casualB, { mode: "casual" });
      const [ma, mb] = [await pa.next("matched"), await pb.next("matched")];
      assert.equal(ma.reservation.roomId, mb.reservation.roomId);
      const battle = createdBattles.find((x) => x.roomId === ma.reservation.roomId)!;
      assert.equal(battle.mode, "casual");
      assert.deepEqual(battle.players.map((p) => p.steamId).sort(), [casualA, casualB].sort());
      assert.ok(!pr.has("matched"));
    });

    it("ranked is the default mode, and an unknown mode is refused with an error", async () => {
      const [a, b, c] = [nextSteamId(), nextSteamId(), nextSteamId()];
      for (const id of [a, b, c]) await seedPlayer(knex(), id, { rating: 1500 });
      const pa = await join(a);
      const pb = await join(b, { mode: "ranked" });
      const m = await pa.next("matched");
      await pb.next("matched");
      assert.equal(createdBattles.find((x) => x.roomId === m.reservation.roomId)!.mode, "ranked");
      const pc = await join(c, { mode: "tournament" });
      const err = await pc.next("error");
      assert.equal(err.code, "bad_request");
      assert.equal(await pc.left(), 4400);
    });

    it("a friend challenge pairs its two players whatever their ratings, once; the code is then closed", async () => {
      const [host, friend, third] = [nextSteamId(), nextSteamId(), nextSteamId()];
      await seedPlayer(knex(), host, { rating: 900 });
      await seedPlayer(knex(), friend, { rating: 2400 });
      await seedPlayer(knex(), third, { rating: 1500 });
      const { code, expiresAt } = await challenge(host);
      assert.match(code, /^[A-HJKMNP-Z2-9]{6}$/);
      const ttl = Date.parse(expiresAt) - Date.now();
      assert.ok(ttl > 9 * 60_000 && ttl <= 10 * 60_000, `expires in ${ttl} ms`);
      // A stranger in the casual queue at the host's rating is not a partner.
      const stranger = await join(third, { mode: "casual" });
      await stranger.next("queued");
      const ph = await join(host, { mode: "challenge", code });
      const qh = await ph.next("queued");
      assert.equal(qh.rating, 900, "queued shows the player's rating, not the code's pairing value");
      await sleep(400);
      assert.ok(!ph.has("matched"));
      const pf = await join(friend, { mode: "challenge", code: code.toLowerCase() });
      const [mh, mf] = [await ph.next("matched"), await pf.next("matched")];
      assert.equal(mh.reservation.roomId, mf.reservation.roomId);
      const battle = createdBattles.find((x) => x.roomId === mh.reservation.roomId)!;
      assert.equal(battle.mode, "challenge");
      assert.deepEqual(battle.players.map((p) => p.steamId).sort(), [host, friend].sort());
      // Used: nobody else gets in with it.
      const late = await join(third, { mode: "challenge", code });
      assert.equal((await late.next("error")).code, "invalid_challenge");
      assert.equal(await late.left(), 4400);
    });

    it("a wrong, missing or replaced code is refused with invalid_challenge", async () => {
      const [host, friend] = [nextSteamId(), nextSteamId()];
      await seedPlayer(knex(), host);
      await seedPlayer(knex(), friend);
      const first = await challenge(host);
      const second = await challenge(host);
      assert.notEqual(first.code, second.code);
      for (const options of [{ code: first.code }, { code: "ZZZZZZ" }, {}]) {
        const p = await join(friend, { mode: "challenge", ...options });
        assert.equal((await p.next("error")).code, "invalid_challenge", JSON.stringify(options));
        await p.left();
      }
      const ok = await join(friend, { mode: "challenge", code: second.code });
      await ok.next("queued");
    });

    it("an expired code is refused with invalid_challenge", async () => {
      const [host, friend] = [nextSteamId(), nextSteamId()];
      await seedPlayer(knex(), host);
      await seedPlayer(knex(), friend);
      const challenges = srv.services.playModes.challenges as unknown as { now: () => number };
      const { code } = await challenge(host);
      const realNow = challenges.now;
      challenges.now = () => realNow() + 10 * 60_000 + 1;
      try {
        const p = await join(friend, { mode: "challenge", code });
        assert.equal((await p.next("error")).code, "invalid_challenge");
      } finally {
        challenges.now = realNow;
      }
    });
  });
}
