import assert from "node:assert/strict";
import { apply, createMatch, eventsDifferBySeat, STARTER_DECKS, viewEvents, isToAct, type Seat } from "../../src/game";
import { botRng, randomBot } from "../../src/bots";

describe("eventsDifferBySeat", () => {
  it("is false only when both seats get identical event lists (200 seeded games)", () => {
    const decks = STARTER_DECKS.map((d) => d.cards);
    let shared = 0;
    let differing = 0;
    for (let g = 0; g < 200; g++) {
      let state = createMatch({ seed: `seats-${g}`, decks });
      const rng = botRng(g);
      for (let step = 0; step < 400 && !state.result; step++) {
        const seat: Seat = isToAct(state, 0) ? 0 : 1;
        const intent = randomBot(state, seat, rng);
        if (!intent) break;
        const r = apply(state, seat, intent);
        assert.ok(r.ok);
        if (!r.ok) break;
        const same = JSON.stringify(viewEvents(r.events, 0)) === JSON.stringify(viewEvents(r.events, 1));
        if (!eventsDifferBySeat(r.events)) {
          assert.ok(same, `events marked shareable differ: ${JSON.stringify(r.events)}`);
          shared++;
        } else differing++;
        state = r.state;
      }
    }
    assert.ok(shared > 1000 && differing > 100, `${shared} shared, ${differing} differing`);
  });
});
