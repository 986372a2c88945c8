import assert from "node:assert/strict";
import { apply, applyInPlace, cloneState, createMatch, hash, STARTER_DECKS } from "../../src/game";
import { botRng, randomBot } from "../../src/bots";
import type { Seat, State } from "../../src/game";
import { forkState } from "../../src/game/clone";

// apply() copies only what the engine mutates in place and shares deck/graveyard arrays and hand
// card objects (clone.ts forkState). These tests prove no later apply/applyInPlace leaks into older states.
describe("state sharing between apply() results", () => {
  const decks = [STARTER_DECKS[0].cards, STARTER_DECKS[1].cards];
  const toAct = (s: State): Seat => (s.phase === "mulligan" ? (s.players[0].mulliganed ? 1 : 0) : s.current);

  it("forkState is a faithful copy (same JSON as cloneState)", () => {
    let s = createMatch({ seed: "fork", decks });
    const rng = botRng("fork");
    for (let i = 0; i < 80 && !s.result; i++) {
      assert.equal(JSON.stringify(forkState(s)), JSON.stringify(cloneState(s)));
      s = (apply(s, toAct(s), randomBot(s, toAct(s), rng)!) as { state: State }).state;
    }
  });

  it("older states keep their hash while later states are advanced with apply and applyInPlace", () => {
    for (let g = 0; g < 60; g++) {
      let s = createMatch({ seed: `share-${g}`, decks });
      const rng = botRng(`share-${g}`);
      const seen: [State, string][] = [];
      let n = 0;
      while (!s.result) {
        const seat = toAct(s);
        // alternate: a fresh copy, or mutating the copy apply() just returned (which shares with older states)
        const inPlace = n++ % 3 === 2;
        if (!inPlace) seen.push([s, hash(s)]);
        const r = inPlace ? applyInPlace(s, seat, randomBot(s, seat, rng)!) : apply(s, seat, randomBot(s, seat, rng)!);
        assert.ok(r.ok);
        s = r.state;
      }
      assert.ok(seen.length > 20);
      for (const [old, h] of seen) assert.equal(hash(old), h);
    }
  });
});
