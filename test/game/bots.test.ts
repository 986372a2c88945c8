import assert from "node:assert/strict";
import { apply, createMatch, legalActions, STARTER_DECKS } from "../../src/game";
import { botRng, greedyBot, pickLegalAction, randomBot } from "../../src/bots";
import type { Seat } from "../../src/game";

const GAMES = Number(process.env.BOT_GAMES ?? 200);

describe("bots", function () {
  this.timeout(180000);
  it("randomBot is deterministic for a given seed and returns null for a seat not to act", () => {
    const s = createMatch({ seed: "rb", decks: [STARTER_DECKS[0].cards, STARTER_DECKS[1].cards], firstSeat: 0 });
    assert.deepEqual(randomBot(s, 0, 42), randomBot(s, 0, 42));
    const r = apply(s, 0, randomBot(s, 0, 1)!);
    assert.ok(r.ok);
    assert.equal(randomBot(r.state, 0, 1), null);
    assert.equal(greedyBot(r.state, 0), null);
  });
  it("the random bot picks uniformly over legalActions minus concede (same list, same order)", () => {
    let s = createMatch({ seed: "pick", decks: [STARTER_DECKS[0].cards, STARTER_DECKS[1].cards] });
    const rng = botRng("pick");
    for (let step = 0; step < 400 && !s.result; step++) {
      const seat: Seat = s.phase === "mulligan" ? (s.players[0].mulliganed ? 1 : 0) : s.current;
      const list = legalActions(s, seat).filter((a) => a.type !== "concede");
      for (let k = 0; k < list.length; k++) {
        let seen = -1;
        assert.deepEqual(
          pickLegalAction(s, seat, (n) => {
            seen = n;
            return k;
          }),
          list[k],
        );
        assert.equal(seen, list.length);
      }
      s = (apply(s, seat, randomBot(s, seat, rng)!) as { state: typeof s }).state;
    }
  });
  it(`greedyBot beats randomBot in >= 80% of ${GAMES} seeded games`, () => {
    let greedyWins = 0;
    for (let g = 0; g < GAMES; g++) {
      const greedySeat = (g % 2) as Seat;
      const decks =
        g % 4 < 2 ? [STARTER_DECKS[0].cards, STARTER_DECKS[1].cards] : [STARTER_DECKS[1].cards, STARTER_DECKS[0].cards];
      let s = createMatch({ seed: `bots-${g}`, decks });
      const rng = botRng(`bots-rng-${g}`);
      while (!s.result) {
        const seat: Seat = s.phase === "mulligan" ? (s.players[0].mulliganed ? 1 : 0) : s.current;
        const intent = seat === greedySeat ? greedyBot(s, seat) : randomBot(s, seat, rng);
        const r = apply(s, seat, intent!);
        assert.ok(r.ok);
        s = r.state;
      }
      if (s.result.winner === greedySeat) greedyWins++;
    }
    assert.ok(greedyWins / GAMES >= 0.8, `greedy won ${greedyWins}/${GAMES}`);
  });
});
