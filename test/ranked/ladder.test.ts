import assert from "node:assert/strict";
import { settleMatch } from "../../src/battle/match-settlement";
import type { ProfileBefore } from "../../src/db/match-results";
import { seededRandom } from "../../loadtest/legal-bot";
import {
  ladderPointsOf,
  MASTER_LP,
  nextLadderPoints,
  pointsFor,
  rankOf,
  seasonStartLadderPoints,
  targetLadderPoints,
  tierFloor,
} from "../../src/ranked/ladder";
import { finishedMatch } from "../helpers/finished-match";

describe("ranked ladder maths (no database)", () => {
  it("maps ladder points to tier, division (4 lowest … 1 highest) and points, and back", () => {
    assert.deepEqual(rankOf(0), { tier: "bronze", division: 4, points: 0 });
    assert.deepEqual(rankOf(399), { tier: "bronze", division: 1, points: 99 });
    assert.deepEqual(rankOf(400), { tier: "silver", division: 4, points: 0 });
    assert.deepEqual(rankOf(1250), { tier: "platinum", division: 4, points: 50 });
    assert.deepEqual(rankOf(1050), { tier: "gold", division: 2, points: 50 });
    assert.deepEqual(rankOf(1999), { tier: "diamond", division: 1, points: 99 });
    assert.deepEqual(rankOf(MASTER_LP + 345), { tier: "master", division: 1, points: 345 });
    for (let lp = 0; lp < 2600; lp += 7) assert.equal(ladderPointsOf(rankOf(lp)), lp);
  });

  it("targets LP from displayed MMR on the existing MMR tier bounds (Silver 1000 … Master 2200)", () => {
    assert.equal(targetLadderPoints(600), 0);
    assert.equal(rankOf(targetLadderPoints(1000)).tier, "silver");
    assert.equal(rankOf(targetLadderPoints(1300)).tier, "gold");
    assert.equal(rankOf(targetLadderPoints(2199)).tier, "diamond");
    assert.equal(rankOf(targetLadderPoints(2200)).tier, "master");
  });

  it("a win and a loss are worth 20 when rank matches MMR", () => {
    assert.deepEqual(pointsFor(800, 800), { win: 20, loss: 20 });
    assert.equal(targetLadderPoints(1300), 800);
    assert.equal(nextLadderPoints(850, "win", 1337.5), 870);
    assert.equal(nextLadderPoints(850, "loss", 1337.5), 830);
    assert.equal(nextLadderPoints(850, "draw", 1337.5), 850);
  });

  it("pulls toward MMR: under-ranked players win up to 60 and lose 5, over-ranked ones win 5 and lose up to 40", () => {
    assert.deepEqual(pointsFor(0, 1600), { win: 60, loss: 5 });
    assert.deepEqual(pointsFor(1000, 800), { win: 5, loss: 40 });
    assert.deepEqual(pointsFor(100, 300), { win: 40, loss: 5 });
  });

  it("never demotes below the first division of a tier reached (Silver and up), nor below 0", () => {
    assert.equal(tierFloor(455), 400);
    assert.equal(nextLadderPoints(410, "loss", 700), 400);
    assert.equal(nextLadderPoints(400, "loss", 700), 400);
    assert.equal(nextLadderPoints(10, "loss", 700), 0);
    assert.equal(nextLadderPoints(MASTER_LP + 5, "loss", 1000), MASTER_LP);
  });

  it("a weak player cannot farm: far above their MMR, 100 alternating wins and losses lose points", () => {
    let lp = 1390;
    for (let i = 0; i < 100; i++) lp = nextLadderPoints(lp, i % 2 === 0 ? "win" : "loss", 1000);
    assert.equal(lp, 1200, "down to the Platinum floor");
    lp = 700;
    for (let i = 0; i < 100; i++) lp = nextLadderPoints(lp, i % 2 === 0 ? "win" : "loss", 1000);
    assert.ok(lp < 520, `Gold at MMR 1000 (target Silver IV ${targetLadderPoints(1000)}) falls to ${lp}`);
  });

  it("soft reset: half the LP, down to the start of its division; new players start at Bronze IV 0", () => {
    assert.equal(seasonStartLadderPoints(null), 0);
    assert.equal(seasonStartLadderPoints(1650), 800);
    assert.deepEqual(rankOf(seasonStartLadderPoints(1650)), { tier: "gold", division: 4, points: 0 });
    assert.equal(seasonStartLadderPoints(MASTER_LP + 300), 1100);
    assert.equal(seasonStartLadderPoints(99), 0);
  });

  it("settlement: a strong new player climbs fast (Gold within 15 straight wins)", () => {
    const fresh = (): ProfileBefore => ({
      rating: 1500,
      deviation: 350,
      volatility: 0.06,
      xp: 0,
      ladder: { season: 1, points: null, previousPoints: null },
    });
    let me = fresh();
    let lp = 0;
    for (let i = 0; i < 15; i++) {
      const settled = settleMatch(finishedMatch("76561198000000001", "76561198000000002", 0), [
        me,
        { ...fresh(), rating: 1500, deviation: 60 },
      ]);
      const p = settled.participants[0];
      assert.deepEqual(p.rank?.before, rankOf(lp));
      lp = settled.ladder[0].points;
      me = { ...p.after, xp: me.xp + p.xpGained, ladder: { season: 1, points: lp, previousPoints: null } };
    }
    assert.ok(lp >= 800, `15 wins reached LP ${lp} (${JSON.stringify(rankOf(lp))})`);
  });

  it("season simulation: ranks order like true strength (Spearman correlation)", function () {
    this.timeout(60_000);
    const rng = seededRandom(17);
    const players = 200;
    const strength = Array.from({ length: players }, (_, i) => 1000 + (1000 * i) / (players - 1));
    const state = strength.map(
      (): ProfileBefore => ({
        rating: 1500,
        deviation: 350,
        volatility: 0.06,
        xp: 0,
        ladder: { season: 1, points: null, previousPoints: null },
      }),
    );
    const lp = strength.map(() => 0);
    const gamesEach = 150;
    // A matchmaker of sorts: each game pairs a player with someone of nearby rating (sorted, random neighbour).
    for (let round = 0; round < gamesEach; round++) {
      const order = [...strength.keys()].sort((a, b) => state[a].rating - state[b].rating + (rng() - 0.5) * 100);
      for (let k = 0; k + 1 < order.length; k += 2) {
        const [a, b] = [order[k], order[k + 1]];
        const pWin = 1 / (1 + 10 ** ((strength[b] - strength[a]) / 400));
        const winner: 0 | 1 = rng() < pWin ? 0 : 1;
        const settled = settleMatch(finishedMatch("76561198000000001", "76561198000000002", winner), [
          state[a],
          state[b],
        ]);
        [a, b].forEach((who, seat) => {
          const p = settled.participants[seat];
          lp[who] = settled.ladder[seat].points;
          state[who] = {
            ...p.after,
            xp: state[who].xp + p.xpGained,
            ladder: { season: 1, points: lp[who], previousPoints: null },
          };
        });
      }
    }
    const rho = spearman(lp, strength);
    const rhoMmr = spearman(
      lp,
      state.map((s) => s.rating),
    );
    console.log(
      `      season simulation: ${players} players × ${gamesEach} games; Spearman(rank LP, true strength) = ${rho.toFixed(3)}, Spearman(rank LP, MMR) = ${rhoMmr.toFixed(3)}`,
    );
    const tiers = new Map<string, number>();
    for (const v of lp) tiers.set(rankOf(v).tier, (tiers.get(rankOf(v).tier) ?? 0) + 1);
    console.log(`      final tiers: ${JSON.stringify(Object.fromEntries(tiers))}`);
    assert.ok(rho > 0.9, `rank correlation with strength ${rho}`);
    assert.ok(rhoMmr > 0.9, `rank correlation with MMR ${rhoMmr}`);
  });
});

function ranks(values: number[]): number[] {
  const order = [...values.keys()].sort((a, b) => values[a] - values[b]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    for (let k = i; k <= j; k++) out[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

function spearman(x: number[], y: number[]): number {
  const rx = ranks(x);
  const ry = ranks(y);
  const mean = (v: number[]) => v.reduce((s, n) => s + n, 0) / v.length;
  const [mx, my] = [mean(rx), mean(ry)];
  let num = 0;
  let dx = 0;
  let dy = 0;
  for (let i = 0; i < x.length; i++) {
    num += (rx[i] - mx) * (ry[i] - my);
    dx += (rx[i] - mx) ** 2;
    dy += (ry[i] - my) ** 2;
  }
  return num / Math.sqrt(dx * dy);
}
