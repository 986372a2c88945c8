import assert from "node:assert/strict";
import { apply, createMatch, hash, legalActions, replay, view, viewEvents, STARTER_DECKS } from "../../src/game";
import { botRng, greedyBot, randomBot } from "../../src/bots";
import type { GameEvent, Intent, LogEntry, Seat, State } from "../../src/game";
import { randomInt } from "../../src/game/rng";

const DECKS = [STARTER_DECKS[0].cards, STARTER_DECKS[1].cards];

function playOut(
  seed: string,
  cb?: (s: State, events: GameEvent[], seat: Seat) => void,
): { s: State; log: LogEntry[] } {
  let s = createMatch({ seed, decks: DECKS });
  const rng = botRng(seed + "bot");
  const log: LogEntry[] = [];
  while (!s.result) {
    const seat: Seat = s.phase === "mulligan" ? (s.players[0].mulliganed ? 1 : 0) : s.current;
    const intent = (seat === 0 ? randomBot(s, seat, rng) : greedyBot(s, seat))!;
    const r = apply(s, seat, intent);
    assert.ok(r.ok);
    log.push({ seat, intent });
    s = r.state;
    cb?.(s, r.events, seat);
  }
  return { s, log };
}

describe("replay and hash", () => {
  it("replay(seed, decks, log) rebuilds the same final state", () => {
    for (const seed of ["r1", "r2", "r3", "r4", "r5"]) {
      const { s, log } = playOut(seed);
      const again = replay(seed, DECKS, JSON.parse(JSON.stringify(log)));
      assert.equal(hash(again), hash(s));
      assert.deepEqual(again, s);
    }
  });
  it("hash is stable and sensitive", () => {
    const a = createMatch({ seed: "h", decks: DECKS });
    const b = createMatch({ seed: "h", decks: DECKS });
    assert.equal(hash(a), hash(b));
    assert.notEqual(hash(a), hash(createMatch({ seed: "h2", decks: DECKS })));
    assert.match(hash(a), /^[0-9a-f]{28}$/);
    b.players[0].hero.armor = 1;
    assert.notEqual(hash(a), hash(b));
  });
  it("state is plain JSON", () => {
    const { s } = playOut("json");
    assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
  });
});

describe("apply on garbage", () => {
  it("never throws and always refuses malformed intents", () => {
    const rng = botRng("garbage");
    const atoms: unknown[] = [
      null,
      undefined,
      0,
      -1,
      1.5,
      NaN,
      "",
      "x",
      "e1",
      "hero:0",
      "hero:1",
      true,
      [],
      {},
      ["e1", "e1"],
      { toString: 1 },
      Object.create(null),
      1e9,
      "__proto__",
    ];
    const types = [
      "play",
      "attack",
      "mulligan",
      "end_turn",
      "concede",
      "timeout",
      "PLAY",
      "constructor",
      "__proto__",
      5,
    ];
    const pick = <T>(xs: T[]): T => xs[randomInt(rng, xs.length)];
    let s = createMatch({ seed: "g", decks: DECKS });
    const states: State[] = [s];
    s = apply(s, 0, { type: "mulligan", replace: [] }).ok
      ? (apply(s, 0, { type: "mulligan", replace: [] }) as { state: State }).state
      : s;
    s = (apply(s, 1, { type: "mulligan", replace: [] }) as { state: State }).state;
    states.push(s);
    for (let i = 0; i < 3000; i++) {
      const st = pick(states);
      const ids = [...st.players[0].hand, ...st.players[1].hand, ...st.players[0].board, ...st.players[1].board].map(
        (c) => c.id,
      );
      const intent: Record<string, unknown> = { type: pick(types) };
      for (const k of ["card", "target", "position", "attacker", "replace"]) {
        const r = randomInt(rng, 4);
        if (r === 1) intent[k] = pick(atoms);
        else if (r === 2 && ids.length) intent[k] = k === "replace" ? [pick(ids), pick(atoms)] : pick(ids);
        else if (r === 3) intent[k] = pick(atoms);
      }
      const input = randomInt(rng, 10) === 0 ? pick(atoms) : intent;
      const seat = randomInt(rng, 5) === 0 ? pick(atoms) : randomInt(rng, 2);
      const before = JSON.stringify(st);
      let r: unknown;
      assert.doesNotThrow(() => {
        r = apply(st, seat as Seat, input as Intent);
      });
      assert.equal(JSON.stringify(st), before);
      const res = r as unknown as { ok: boolean; error?: { code: string } };
      if (!res.ok) assert.notEqual(res.error!.code, "internal_error");
      else {
        // anything accepted must be a listed legal action once unknown fields are dropped
        // (plays are listed without `position`; any slot 0..board.length is accepted)
        const it = input as Record<string, unknown>;
        const known: Record<string, string[]> = {
          play: ["card", "target"],
          attack: ["attacker", "target"],
          mulligan: ["replace"],
        };
        const norm: Record<string, unknown> = { type: it.type };
        for (const k of known[it.type as string] ?? []) if (it[k] !== undefined) norm[k] = it[k];
        if (norm.type === "mulligan") {
          const order = st.players[seat as Seat].hand.map((c) => c.id);
          norm.replace = (norm.replace as string[]).slice().sort((a, b) => order.indexOf(a) - order.indexOf(b));
        }
        const legal = legalActions(st, seat as Seat).map((a) => JSON.stringify(a));
        assert.ok(norm.type === "timeout" || legal.includes(JSON.stringify(norm)), `accepted ${JSON.stringify(input)}`);
      }
    }
  });
});

describe("view hides secrets", () => {
  function hiddenIds(s: State, seat: Seat): string[] {
    const p = s.players[seat];
    return p.hand.map((c) => c.id);
  }
  it("a seat never sees the other seat's hand or deck identities, nor the seed/PRNG", () => {
    for (const seed of ["v1", "v2", "v3"]) {
      const publicCards = new Set<string>();
      const allEvents: GameEvent[] = [];
      let checked = 0;
      playOut(seed, (s, events) => {
        allEvents.push(...events);
        for (const e of events) {
          if (
            e.type === "play" ||
            e.type === "summon" ||
            e.type === "burn" ||
            e.type === "death" ||
            e.type === "transform"
          )
            publicCards.add(e.card);
        }
        for (const viewer of [0, 1] as Seat[]) {
          const foe = (1 - viewer) as Seat;
          const json = JSON.stringify(view(s, viewer));
          const evJson = JSON.stringify(viewEvents(events, viewer));
          assert.ok(!json.includes("rng") && !json.includes(String(s.rng[0])));
          for (const id of hiddenIds(s, foe)) {
            assert.ok(!json.includes(`"${id}"`), `view leaks hand entity ${id}`);
            assert.ok(!evJson.includes(`"${id}"`), `events leak hand entity ${id}`);
          }
          const secret = new Set([...s.players[foe].hand.map((c) => c.card), ...s.players[foe].deck]);
          for (const card of secret) {
            if (publicCards.has(card)) continue;
            if (s.players[viewer].hand.some((c) => c.card === card) || s.players[viewer].deck.includes(card)) continue;
            if (s.players[viewer].graveyard.includes(card)) continue;
            assert.ok(!json.includes(`"${card}"`), `view for ${viewer} leaks ${card}`);
            assert.ok(!evJson.includes(`"${card}"`), `events for ${viewer} leak ${card}`);
          }
          checked++;
        }
      });
      assert.ok(checked > 20);
      // mulligan events never reveal the opponent's replaced cards
      const mull = allEvents.filter((e) => e.type === "mulligan");
      for (const viewer of [0, 1] as Seat[]) {
        for (const e of viewEvents(mull, viewer))
          if ((e as { seat: Seat }).seat !== viewer) assert.deepEqual(Object.keys(e).sort(), ["count", "seat", "type"]);
      }
    }
  });
  it("the view has the documented shape, opaque ids change when a card re-enters a hand", () => {
    const s = createMatch({ seed: "shape", decks: DECKS, firstSeat: 0 });
    const v = view(s, 0);
    assert.equal(v.you.hand.length, 3);
    assert.ok(v.you.hand.every((c) => c.id && c.card && typeof c.cost === "number"));
    assert.equal(v.opponent.handCount, 4);
    assert.deepEqual(Object.keys(v.opponent.hand[0]), ["opaque"]);
    assert.equal(v.opponent.deckCount, 26);
    assert.ok(!("deck" in v.you) && !("rng" in v));
    const before = view(s, 0).opponent.hand.map((c) => c.opaque);
    const r = apply(s, 1, { type: "mulligan", replace: [s.players[1].hand[0].id] });
    assert.ok(r.ok);
    const after = view(r.state, 0).opponent.hand.map((c) => c.opaque);
    assert.equal(after.filter((o) => !before.includes(o)).length, 1);
  });
});
