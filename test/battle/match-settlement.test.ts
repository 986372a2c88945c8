import assert from "node:assert/strict";
import { rateGame } from "../../src/battle/glicko-rating";
import { settleMatch } from "../../src/battle/match-settlement";
import { levelForXp, XP_FOR, XP_PER_LEVEL } from "../../src/battle/progression";
import { finishedMatch } from "../helpers/finished-match";

describe("match settlement (rating and XP, no database)", () => {
  const a = "76561198000000101";
  const b = "76561198000000102";
  const fresh = { rating: 1500, deviation: 350, volatility: 0.06, xp: 0, ladder: null };

  it("rates the winner up and the loser down with Glicko-2, and grants each side its XP", () => {
    const before = { rating: 1620, deviation: 80, volatility: 0.06, xp: XP_PER_LEVEL - 10, ladder: null };
    const settled = settleMatch(finishedMatch(a, b, 0), [before, fresh]);
    const [ra, rb] = rateGame(
      { rating: 1620, deviation: 80, volatility: 0.06 },
      { rating: 1500, deviation: 350, volatility: 0.06 },
      1,
    );
    assert.deepEqual(
      settled.participants.map((p) => [p.steamId, p.seat, p.result, p.xpGained]),
      [
        [a, 0, "win", XP_FOR.win],
        [b, 1, "loss", XP_FOR.loss],
      ],
    );
    assert.deepEqual([settled.participants[0].after, settled.participants[1].after], [ra, rb]);
    assert.ok(ra.rating > 1620 && rb.rating < 1500);
    assert.deepEqual(settled.participants[0].before, { rating: 1620, deviation: 80, volatility: 0.06 });
    // The winner crosses a level boundary; the loser stays at level 1.
    assert.deepEqual(settled.progress, [
      { xp: before.xp + XP_FOR.win, level: levelForXp(before.xp + XP_FOR.win) },
      { xp: XP_FOR.loss, level: 1 },
    ]);
    assert.equal(settled.progress[0].level, 2);
  });

  it("scores a draw as 0.5 for both seats", () => {
    const settled = settleMatch(finishedMatch(a, b, null), [fresh, fresh]);
    assert.deepEqual(
      settled.participants.map((p) => p.result),
      ["draw", "draw"],
    );
    assert.equal(settled.participants[0].after.rating, settled.participants[1].after.rating);
    assert.deepEqual(
      settled.progress.map((p) => p.xp),
      [XP_FOR.draw, XP_FOR.draw],
    );
  });
});
