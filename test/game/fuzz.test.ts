import assert from "node:assert/strict";
import { apply, createMatch, legalActions, STARTER_DECKS, CARDS } from "../../src/game";
import { botRng, randomBot } from "../../src/bots";
import type { Intent, Seat, State } from "../../src/game";
import { randomInt } from "../../src/game/rng";
import { checkInvariants } from "./invariants";

const GAMES = Number(process.env.FUZZ_GAMES ?? 10000);
const collectible = Object.values(CARDS)
  .filter((c) => c.collectible)
  .map((c) => c.id);

/** A random (not necessarily constructed-legal) 30-card deck, so every card shows up in the fuzz. */
function randomDeck(rng: number[]): string[] {
  const deck: string[] = [];
  while (deck.length < 30) deck.push(collectible[randomInt(rng, collectible.length)]);
  return deck;
}

function illegalIntent(s: State, seat: Seat, rng: number[]): [Seat, Intent] {
  const other = (1 - seat) as Seat;
  const opts: [Seat, Intent][] = [
    [other, { type: "end_turn" }],
    [seat, { type: "play", card: "e0" }],
    [seat, { type: "attack", attacker: "hero:0", target: "hero:1" }],
    [seat, { type: "mulligan", replace: ["zz"] }],
  ];
  const me = s.players[seat];
  const pricey = me.hand.find((c) => CARDS[c.card].cost > me.mana);
  if (pricey) opts.push([seat, { type: "play", card: pricey.id }]);
  if (me.board.length) opts.push([seat, { type: "attack", attacker: me.board[0].id, target: `hero:${seat}` }]);
  return opts[randomInt(rng, opts.length)];
}

describe(`fuzz: ${GAMES} seeded random games`, function () {
  this.timeout(180000);
  it("keeps every invariant after every action and refuses illegal intents without changing state", () => {
    const rng = botRng("fuzz");
    let actions = 0;
    for (let g = 0; g < GAMES; g++) {
      const decks = g % 2 === 0 ? [STARTER_DECKS[0].cards, STARTER_DECKS[1].cards] : [randomDeck(rng), randomDeck(rng)];
      let s = createMatch({ seed: `fuzz-${g}`, decks });
      checkInvariants(s, `game ${g} start`);
      while (!s.result) {
        const seat: Seat = s.phase === "mulligan" ? (s.players[0].mulliganed ? 1 : 0) : s.current;
        const [badSeat, bad] = illegalIntent(s, seat, rng);
        const snapshot = actions % 50 === 0 ? JSON.stringify(s) : "";
        const refused = apply(s, badSeat, bad);
        assert.equal(refused.ok, false, `accepted illegal ${JSON.stringify(bad)} in game ${g}`);
        if (snapshot) assert.equal(JSON.stringify(s), snapshot);
        const intent = randomBot(s, seat, rng);
        assert.ok(intent, `no action for the seat to act, game ${g}`);
        const r = apply(s, seat, intent!);
        if (!r.ok) assert.fail(`legal intent refused in game ${g}: ${r.error.code} ${JSON.stringify(intent)}`);
        s = r.state;
        actions++;
        checkInvariants(s, `game ${g} action ${actions}`);
        if (actions % 997 === 0) {
          // every listed action must be accepted
          for (const a of legalActions(s, seat)) assert.equal(apply(s, seat, a).ok, true, JSON.stringify(a));
        }
      }
      assert.ok(s.turn <= 90);
    }
    assert.ok(actions > GAMES * 10);
  });
});
