import assert from "node:assert/strict";
import { ErrorCode, matchMaker } from "@colyseus/core";
import type { ColyseusSDK, Room } from "@colyseus/sdk";
import jwt from "jsonwebtoken";
import { roomDefinitions } from "../../src/rooms";
import { testBackends } from "../helpers/backends";
import { startTestGameServer, type TestGameServer } from "../helpers/game-server";
import { TEST_JWT_SECRET } from "../helpers/test-app";

/**
 * Every room refuses a client without our access token, and a forged one (issue 2: the @colyseus/auth
 * pitfall lets token-less clients into any room lacking its own static onAuth). `battle` is entered
 * only through a seat reservation, so it refuses even a valid token.
 */

let counter = 0;
const nextSteamId = () => String(76561198300000000n + BigInt(process.pid % 1000) * 10000n + BigInt(++counter));

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
const now = () => Math.floor(Date.now() / 1000);

/** Tokens that must never open a room, for a given subject and issuer. */
function forgedTokens(steamId: string, issuer: string, valid: string): Array<[string, string | undefined]> {
  const [validHeader, , validSig] = valid.split(".");
  return [
    ["no token", undefined],
    ["an empty token", ""],
    [
      "a token signed with another secret",
      jwt.sign({ typ: "access" }, "another-secret-of-sufficient-length-000", {
        subject: steamId,
        issuer,
        expiresIn: 600,
      }),
    ],
    [
      "an alg:none token",
      `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: steamId, iss: issuer, typ: "access", exp: now() + 600 })}.`,
    ],
    ["an expired token", jwt.sign({ typ: "access", exp: now() - 10 }, TEST_JWT_SECRET, { subject: steamId, issuer })],
    [
      "an HS512 token with the right secret",
      jwt.sign({ typ: "access" }, TEST_JWT_SECRET, { algorithm: "HS512", subject: steamId, issuer, expiresIn: 600 }),
    ],
    [
      "a token from another issuer",
      jwt.sign({ typ: "access" }, TEST_JWT_SECRET, { subject: steamId, issuer: "someone-else", expiresIn: 600 }),
    ],
    [
      "a token that is not an access token",
      jwt.sign({ typ: "refresh" }, TEST_JWT_SECRET, { subject: steamId, issuer, expiresIn: 600 }),
    ],
    [
      "a tampered payload under a valid signature",
      `${validHeader}.${b64({ sub: "76561198999999999", iss: issuer, typ: "access", exp: now() + 600 })}.${validSig}`,
    ],
    ["garbage", "not.a.jwt"],
    ["a 5 KB token", "a".repeat(5000)],
  ];
}

const isAuthFailure = (err: any) => {
  assert.equal(
    err?.code,
    ErrorCode.AUTH_FAILED,
    `expected AUTH_FAILED (${ErrorCode.AUTH_FAILED}), got ${err?.code}: ${err?.message}`,
  );
  return true;
};

async function roomCount(name: string): Promise<number> {
  return (await matchMaker.query({ name })).length;
}

for (const backend of testBackends()) {
  describe(`room auth: every room refuses missing and forged tokens [${backend.name}]`, function () {
    this.timeout(60_000);
    let server: TestGameServer;
    let roomNames: string[] = [];
    const open: Room[] = [];
    let player: { steamId: string; token: string };
    /** One existing room per name, so `join` and `joinById` have something to target. */
    const existing = new Map<string, string>();

    const sdk = (token?: string): ColyseusSDK => {
      const c = server.sdk();
      if (token !== undefined) c.auth.token = token;
      return c;
    };

    before(async () => {
      server = await startTestGameServer(backend);
      roomNames = Object.keys(roomDefinitions(server.app.services));
      const knex = server.app.services.db.knex;
      const [a, b, holder] = [nextSteamId(), nextSteamId(), nextSteamId()];
      const tokens = await Promise.all([a, b, holder].map((id) => server.login(id)));
      player = { steamId: a, token: tokens[0].accessToken };

      // A queue room that stays up: a player rated far away from everyone else in this file.
      await knex("player_profiles").where({ player_id: holder }).update({ rating: 4000, rating_deviation: 30 });
      const holderRoom = await sdk(tokens[2].accessToken).joinOrCreate("queue", {});
      open.push(holderRoom);
      existing.set("queue", holderRoom.roomId);

      // A battle room, created the only legitimate way (server side).
      const decks = await knex("player_decks")
        .select("id", knex.raw("player_id::text as player_id"))
        .whereIn("player_id", [a, b])
        .andWhere({ is_default: true });
      const deckOf = (id: string) => String(decks.find((d: any) => d.player_id === id).id);
      const battle = await matchMaker.createRoom("battle", {
        players: [a, b].map((steamId) => ({ steamId, deckId: deckOf(steamId), rating: 1500 })),
        seed: "room-auth-seed",
        timers: { join: 120 },
      });
      existing.set("battle", battle.roomId);

      for (const name of roomNames)
        assert.ok(existing.has(name), `the test needs an existing '${name}' room: add one for a new room`);
    });

    after(async () => {
      await Promise.all(open.map((r) => r.leave(true).catch(() => undefined)));
      if (!server) return;
      await server.close();
    });

    it("covers every room the server defines", () => {
      assert.deepEqual([...roomNames].sort(), ["battle", "queue"]);
    });

    for (const name of ["battle", "queue"]) {
      it(`'${name}' refuses missing and forged tokens on joinOrCreate, create, join and joinById (and creates no room)`, async () => {
        assert.ok(roomNames.includes(name), `${name} is no longer a room: update this test`);
        const before = await roomCount(name);
        const valid = server.app.services.accessTokens.sign(player.steamId).token;
        for (const [label, token] of forgedTokens(player.steamId, server.app.services.config.JWT_ISSUER, valid)) {
          const attempts: Array<[string, () => Promise<unknown>]> = [
            ["joinOrCreate", () => sdk(token).joinOrCreate(name, {})],
            ["create", () => sdk(token).create(name, {})],
            ["join", () => sdk(token).join(name, {})],
            ["joinById", () => sdk(token).joinById(existing.get(name)!, {})],
          ];
          for (const [method, attempt] of attempts) {
            await assert.rejects(attempt(), isAuthFailure, `${name}.${method} with ${label}`);
          }
        }
        assert.equal(await roomCount(name), before, "no room was created by a refused client");
      });
    }

    it("'queue' accepts a valid token on joinOrCreate, create and join", async () => {
      const valid = player.token;
      for (const method of ["joinOrCreate", "create", "join"] as const) {
        const room = await sdk(valid)[method]("queue", {});
        const queued = await new Promise<any>((resolve, reject) => {
          const t = setTimeout(() => reject(new Error(`no 'queued' after ${method}`)), 10_000);
          room.onMessage("*", (type, payload) => {
            if (type === "queued") {
              clearTimeout(t);
              resolve(payload);
            }
          });
        });
        assert.equal(queued.rating, 1500);
        await room.leave(true);
        await new Promise((r) => setTimeout(r, 50));
      }
    });

    it("'battle' refuses even a valid token, including the seated players' own (reservations only)", async () => {
      const before = await roomCount("battle");
      const battleId = existing.get("battle")!;
      const valid = server.app.services.accessTokens.sign(player.steamId).token;
      await assert.rejects(sdk(valid).joinOrCreate("battle", {}), isAuthFailure);
      await assert.rejects(sdk(valid).join("battle", {}), isAuthFailure);
      await assert.rejects(sdk(valid).joinById(battleId, {}), isAuthFailure);
      await assert.rejects(
        sdk(valid).create("battle", {
          players: [
            { steamId: player.steamId, deckId: "00000000-0000-4000-8000-000000000000", rating: 9999 },
            { steamId: nextSteamId(), deckId: "00000000-0000-4000-8000-000000000000", rating: 0 },
          ],
          seed: "mine",
        }),
        isAuthFailure,
      );
      assert.equal(await roomCount("battle"), before);
    });
  });
}
