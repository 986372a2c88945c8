import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { matchMaker } from "@colyseus/core";
import { Room as SdkRoom, type Room } from "@colyseus/sdk";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { chooseAction, seededRandom, type LegalAction } from "../../loadtest/legal-bot";
import { buildProtocolDocument, type ProtocolDocument } from "../../src/rooms/protocol-document";
import { testBackends } from "../helpers/backends";
import { startTestGameServer, type TestGameServer } from "../helpers/game-server";
import { request } from "../helpers/http";
import { waitFor } from "../helpers/wait";

/**
 * The room-message contract (docs/protocol.schema.json, GET /protocol.json) against the real thing: every
 * message of a full match, in both directions and for both seats, is recorded at the SDK and validated
 * with ajv against the document. A message type the document does not describe fails the test.
 */

const COMMITTED = path.join(__dirname, "../../docs/protocol.schema.json");

let counter = 0;
const nextSteamId = () => String(76561198300000000n + BigInt(process.pid % 1000) * 10000n + BigInt(++counter));

interface Recorded {
  room: string;
  direction: "clientToServer" | "serverToClient";
  type: string;
  payload: unknown;
}

/** Every message each SDK room sends and receives, while installed (SDK prototype methods wrapped). */
class Recorder {
  readonly messages: Recorded[] = [];
  private readonly roomNames = new WeakMap<object, string>();
  private originals: { send: any; dispatch: any } | null = null;

  install(): void {
    const proto = SdkRoom.prototype as any;
    const recorder = this;
    this.originals = { send: proto.send, dispatch: proto.dispatchMessage };
    const { send, dispatch } = this.originals;
    proto.send = function (this: Room, type: string, payload?: unknown, ...rest: unknown[]) {
      recorder.record(this, "clientToServer", type, payload);
      return send.call(this, type, payload, ...rest);
    };
    proto.dispatchMessage = function (this: Room, type: string, payload: unknown) {
      if (!String(type).startsWith("__")) recorder.record(this, "serverToClient", type, payload);
      return dispatch.call(this, type, payload);
    };
  }

  uninstall(): void {
    if (!this.originals) return;
    (SdkRoom.prototype as any).send = this.originals.send;
    (SdkRoom.prototype as any).dispatchMessage = this.originals.dispatch;
    this.originals = null;
  }

  private record(room: Room, direction: Recorded["direction"], type: unknown, payload: unknown): void {
    // Copied now (a client may mutate what it received or sent later); structuredClone keeps an `undefined`
    // value, which the schema refuses like any other undeclared value.
    const copy = structuredClone(payload);
    this.messages.push({ room: room.name, direction, type: String(type), payload: copy });
  }
}

function compile(doc: ProtocolDocument): Map<string, ValidateFunction> {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  const validators = new Map<string, ValidateFunction>();
  for (const [room, directions] of Object.entries(doc.rooms)) {
    for (const direction of ["clientToServer", "serverToClient"] as const) {
      for (const [type, schema] of Object.entries(directions[direction])) {
        validators.set(`${room} ${direction} ${type}`, ajv.compile(schema));
      }
    }
  }
  return validators;
}

describe("room message contract: docs/protocol.schema.json", () => {
  it("has exactly the shape { rooms: { <room>: { clientToServer, serverToClient } } } and names every message", () => {
    const doc = buildProtocolDocument();
    assert.deepEqual(Object.keys(doc), ["rooms"]);
    assert.deepEqual(Object.keys(doc.rooms).sort(), ["battle", "queue"]);
    for (const room of Object.values(doc.rooms))
      assert.deepEqual(Object.keys(room), ["clientToServer", "serverToClient"]);
    assert.deepEqual(Object.keys(doc.rooms.queue.serverToClient).sort(), [
      "error",
      "matched",
      "queued",
      "replaced",
      "requeued",
    ]);
    assert.deepEqual(Object.keys(doc.rooms.queue.clientToServer), ["cancel"]);
    assert.deepEqual(Object.keys(doc.rooms.battle.serverToClient).sort(), [
      "cancelled",
      "error",
      "events",
      "legal",
      "result",
    ]);
    assert.deepEqual(Object.keys(doc.rooms.battle.clientToServer).sort(), [
      "attack",
      "concede",
      "end_turn",
      "mulligan",
      "play",
      "sync",
    ]);
    for (const directions of Object.values(doc.rooms)) {
      for (const schemas of [directions.clientToServer, directions.serverToClient]) {
        for (const schema of Object.values(schemas))
          assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
      }
    }
    // Every GameEvent variant is described.
    const events = JSON.stringify(doc.rooms.battle.serverToClient.events);
    for (const type of [
      "mulligan",
      "game_start",
      "turn_start",
      "turn_end",
      "draw",
      "card_given",
      "burn",
      "fatigue",
      "play",
      "summon",
      "attack",
      "damage",
      "shield_break",
      "heal",
      "armor",
      "buff",
      "keywords",
      "freeze",
      "silence",
      "destroy",
      "transform",
      "death",
      "mana_gain",
      "cap_reached",
      "game_over",
    ]) {
      assert.ok(events.includes(`"const":"${type}"`), `event ${type}`);
    }
    compile(doc); // every schema compiles in strict mode
  });

  it("the committed docs/protocol.schema.json is what the server's schemas generate (run `npm run codegen`)", () => {
    assert.equal(fs.readFileSync(COMMITTED, "utf8"), JSON.stringify(buildProtocolDocument(), null, 2) + "\n");
  });

  it("accepts null for optional intent fields and refuses unknown keys, as the server does", () => {
    const validators = compile(buildProtocolDocument());
    const play = validators.get("battle clientToServer play")!;
    assert.equal(play({ type: "play", stateId: 3, card: "e4", target: null, position: null }), true);
    assert.equal(play({ stateId: 3, card: "e4", seat: 0 }), false);
    assert.equal(play({ stateId: null, card: "e4" }), false);
    const cancel = validators.get("queue clientToServer cancel")!;
    assert.equal(cancel(null), true);
    assert.equal(cancel({}), true);
    assert.equal(cancel({ now: true }), false);
  });
});

for (const backend of testBackends()) {
  describe(`room message contract: a recorded full match validates [${backend.name}]`, function () {
    this.timeout(180_000);
    let server: TestGameServer;
    const recorder = new Recorder();
    const rooms: Room[] = [];

    before(async () => {
      server = await startTestGameServer(backend, { BATTLE_MAX_MESSAGES_PER_SECOND: "500", MM_TICK_MS: "100" });
      recorder.install();
    });
    after(async () => {
      recorder.uninstall();
      for (const room of rooms) if (room.connection.isOpen) await room.leave(true).catch(() => undefined);
      await server?.close();
    });

    it("GET /protocol.json serves the committed document", async () => {
      const res = await request(server.baseUrl, "GET", "/protocol.json");
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, JSON.parse(fs.readFileSync(COMMITTED, "utf8")));
    });

    it("every message of a full match, both directions and both seats, is described and valid", async () => {
      const steamIds = [nextSteamId(), nextSteamId()];
      const logins = await Promise.all(steamIds.map((id) => server.login(id)));
      const sdks = steamIds.map(() => server.sdk());
      for (const [i, sdk] of sdks.entries()) sdk.auth.token = logins[i].accessToken;

      // Queue: both players; a third player joins twice (the first connection is `replaced`) and cancels.
      const loner = nextSteamId();
      const lonerLogin = await server.login(loner);
      const lonerSdks = [server.sdk(), server.sdk()];
      for (const sdk of lonerSdks) sdk.auth.token = lonerLogin.accessToken;
      const seen = (room: string, type: string, predicate: (m: Recorded) => boolean = () => true) =>
        recorder.messages.some(
          (m) => m.room === room && m.type === type && m.direction === "serverToClient" && predicate(m),
        );

      const first = await lonerSdks[0].joinOrCreate("queue", {});
      rooms.push(first);
      first.onMessage("*", () => undefined);
      await waitFor(() => seen("queue", "queued"), "loner queued");
      const second = await lonerSdks[1].joinOrCreate("queue", {});
      rooms.push(second);
      second.onMessage("*", () => undefined);
      await waitFor(() => seen("queue", "replaced"), "loner replaced");
      second.send("cancel");
      await waitFor(() => !second.connection.isOpen, "loner's queue connection closed after cancel");

      const matched: any[] = [];
      const queueRooms = await Promise.all(sdks.map((sdk) => sdk.joinOrCreate("queue", {})));
      rooms.push(...queueRooms);
      for (const [i, room] of queueRooms.entries()) {
        room.onMessage("*", (type, payload: any) => {
          if (type === "matched") matched[i] = payload;
        });
      }
      await waitFor(() => matched[0] && matched[1], "both matched", 30_000);

      // Battle: seat 0 sends its intents the way a C# or Java serializer would (every optional field, null
      // when unset); seat 1 sends `legal` actions unchanged. Each also sends `sync` once and one stale intent.
      const battles = await Promise.all(sdks.map((sdk, i) => sdk.consumeSeatReservation(matched[i].reservation)));
      rooms.push(...battles);
      const results = battles.map(
        (battle, i) =>
          new Promise<any>((resolve, reject) => {
            const random = seededRandom(777 + i);
            let staleSent = false;
            const timer = setTimeout(() => reject(new Error(`seat ${i}: no result in time`)), 150_000);
            battle.onMessage("events", () => undefined);
            battle.onMessage("error", () => undefined);
            battle.onMessage("cancelled", () => reject(new Error("cancelled")));
            battle.onMessage("result", (result) => {
              clearTimeout(timer);
              resolve(result);
            });
            battle.onMessage("legal", ({ stateId, actions }: { stateId: number; actions: LegalAction[] }) => {
              if (!staleSent && stateId > 2) {
                staleSent = true;
                battle.send("end_turn", { stateId: stateId + 1000 });
              }
              const pick = chooseAction(actions, random);
              if (!pick) return;
              if (i === 0) {
                const csharpStyle: Record<string, unknown> = { type: pick.type, stateId: pick.stateId };
                if (pick.type === "mulligan") csharpStyle.replace = pick.replace;
                if (pick.type === "play")
                  Object.assign(csharpStyle, { card: pick.card, target: pick.target ?? null, position: null });
                if (pick.type === "attack")
                  Object.assign(csharpStyle, { attacker: pick.attacker, target: pick.target });
                battle.send(pick.type, csharpStyle);
              } else battle.send(pick.type, pick);
            });
            battle.send("sync", {});
          }),
      );
      await Promise.all(queueRooms.map((r) => r.leave(true).catch(() => undefined)));
      const [r0, r1] = await Promise.all(results);
      assert.equal(r0.matchId, r1.matchId);
      assert.ok(["hero_destroyed", "draw", "turn_limit"].includes(r0.reason), r0.reason);

      // A battle whose opponent never arrives: `cancelled` (and a `concede` before the start is refused).
      const knex = server.app.services.db.knex;
      const decks = await Promise.all(
        steamIds.map(
          async (id) => (await knex("player_decks").where({ player_id: id, is_default: true }).first()).id as string,
        ),
      );
      const lonely = await matchMaker.createRoom("battle", {
        players: steamIds.map((steamId, i) => ({ steamId, deckId: decks[i], rating: 1500 })),
        seed: "cancelled-battle",
        timers: { join: 1 },
      });
      const reservation = await matchMaker.reserveSeatFor(lonely, {}, { steamId: steamIds[0] });
      const alone = await sdks[0].consumeSeatReservation(reservation);
      rooms.push(alone);
      alone.onMessage("*", () => undefined);
      alone.send("concede", { stateId: null });
      await waitFor(() => seen("battle", "cancelled"), "cancelled", 15_000);

      // Validate everything recorded.
      const doc: ProtocolDocument = JSON.parse(fs.readFileSync(COMMITTED, "utf8"));
      const validators = compile(doc);
      const failures: string[] = [];
      const counts = new Map<string, number>();
      const eventTypes = new Set<string>();
      for (const m of recorder.messages) {
        const key = `${m.room} ${m.direction} ${m.type}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        const validate = validators.get(key);
        if (!validate) {
          failures.push(`not described: ${key}`);
          continue;
        }
        // A message sent without payload arrives with none; the document describes that as null.
        if (!validate(m.payload === undefined ? null : m.payload)) {
          failures.push(
            `${key} ${JSON.stringify(m.payload).slice(0, 300)}: ${JSON.stringify(validate.errors).slice(0, 500)}`,
          );
        }
        if (key === "battle serverToClient events") for (const e of (m.payload as any).events) eventTypes.add(e.type);
      }
      assert.deepEqual(failures.slice(0, 10), [], `${failures.length} invalid messages`);

      const expected = [
        "queue serverToClient queued",
        "queue serverToClient matched",
        "queue serverToClient replaced",
        "queue clientToServer cancel",
        "battle serverToClient legal",
        "battle serverToClient events",
        "battle serverToClient error",
        "battle serverToClient result",
        "battle serverToClient cancelled",
        "battle clientToServer mulligan",
        "battle clientToServer play",
        "battle clientToServer attack",
        "battle clientToServer end_turn",
        "battle clientToServer sync",
        "battle clientToServer concede",
      ];
      assert.deepEqual(
        expected.filter((k) => !counts.has(k)),
        [],
        "message types the recording must cover",
      );
      for (const type of [
        "mulligan",
        "game_start",
        "turn_start",
        "turn_end",
        "draw",
        "play",
        "summon",
        "attack",
        "damage",
        "game_over",
      ]) {
        assert.ok(eventTypes.has(type), `event ${type} was recorded`);
      }
      // Seat 0's null-laden intents were accepted: it made plays, and nothing it sent was refused as malformed.
      assert.ok(
        !recorder.messages.some((m) => m.type === "error" && (m.payload as any).code === "invalid_message"),
        "no invalid_message",
      );
    });
  });
}
