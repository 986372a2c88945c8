import assert from "node:assert/strict";
import { apply, createMatch, CARDS, STARTER_DECKS } from "../../src/game";
import type { Minion, Seat, State, TargetSpec } from "../../src/game";
import { botRng, randomBot } from "../../src/bots";
import { HERO_REFS, charId, isHero, type Char } from "../../src/game/chars";
import { KW } from "../../src/game/keywords";
import { randomInt } from "../../src/game/rng";
import { isAlive } from "../../src/game/stats";
import { canAttack, targeting } from "../../src/game/targeting";

const GAMES = Number(process.env.TARGETING_GAMES ?? 300);
const SPECS: TargetSpec[] = [
  "any-character",
  "enemy-character",
  "friendly-character",
  "any-minion",
  "enemy-minion",
  "friendly-minion",
];
const collectible = Object.values(CARDS)
  .filter((c) => c.collectible)
  .map((c) => c.id);

/** Every character in the state, dead minions still on a board included: the candidates a client could name. */
const characters = (s: State): Char[] => [...s.players[0].board, ...s.players[1].board, HERO_REFS[0], HERO_REFS[1]];

/** The rules as docs/rules.md words them, written independently of the kernel as an oracle. */
function oracleAttack(s: State, seat: Seat, attacker: Minion, c: Char): boolean {
  const foe = 1 - seat;
  const visible = (m: Minion) => m.owner === foe && isAlive(m) && !(m.kw & KW.stealth);
  const taunted = s.players[foe].board.some((m) => visible(m) && m.kw & KW.taunt);
  if (isHero(c)) return c.hero === foe && !taunted && (!attacker.sick || (attacker.kw & KW.charge) !== 0);
  return visible(c) && (!taunted || (c.kw & KW.taunt) !== 0);
}

function oraclePlay(seat: Seat, spec: TargetSpec, c: Char): boolean {
  const friendly = isHero(c) ? c.hero === seat : c.owner === seat;
  if (!isHero(c) && (!isAlive(c) || (!friendly && c.kw & KW.stealth))) return false;
  const side = spec.startsWith("enemy") ? !friendly : spec.startsWith("friendly") ? friendly : true;
  return side && (spec.endsWith("character") || !isHero(c));
}

function randomDeck(rng: number[]): string[] {
  const deck: string[] = [];
  while (deck.length < 30) deck.push(collectible[randomInt(rng, collectible.length)]);
  return deck;
}

describe(`targeting kernel: list, count and can-target agree over ${GAMES} seeded games`, function () {
  this.timeout(180000);
  it("for every attacker and every card target spec, after every action, and apply() agrees", () => {
    const rng = botRng("targeting");
    let checkedAttacks = 0,
      checkedPlays = 0,
      tauntOrStealthStates = 0;
    for (let g = 0; g < GAMES; g++) {
      const decks = g % 2 === 0 ? [STARTER_DECKS[0].cards, STARTER_DECKS[1].cards] : [randomDeck(rng), randomDeck(rng)];
      let s = createMatch({ seed: `targeting-${g}`, decks });
      for (let step = 0; step < 300 && !s.result; step++) {
        const seat: Seat = s.phase === "mulligan" ? (s.players[0].mulliganed ? 1 : 0) : s.current;
        if (s.phase === "playing") {
          const tg = targeting(s, seat);
          if ([...s.players[0].board, ...s.players[1].board].some((m) => m.kw & (KW.taunt | KW.stealth)))
            tauntOrStealthStates++;
          const all = characters(s);
          for (const m of s.players[seat].board) {
            if (!canAttack(m)) continue;
            const list = tg.attackTargets(m);
            assert.equal(tg.countAttackTargets(m), list.length);
            for (const c of all) {
              const listed = list.includes(c);
              assert.equal(tg.canAttackTarget(m, c), listed, `attack ${m.id} -> ${charId(c)}`);
              assert.equal(oracleAttack(s, seat, m, c), listed, `oracle: attack ${m.id} -> ${charId(c)}`);
            }
            // apply() asks the same kernel: every listed target is accepted, an unlisted one refused
            const off = all.find((c) => !list.includes(c));
            if (off) assert.equal(apply(s, seat, { type: "attack", attacker: m.id, target: charId(off) }).ok, false);
            checkedAttacks++;
          }
          for (const spec of SPECS) {
            const list = tg.playTargets(spec);
            assert.equal(tg.countPlayTargets(spec), list.length);
            for (const c of all) {
              const listed = list.includes(c);
              assert.equal(tg.canPlayTarget(spec, c), listed, `${spec} -> ${charId(c)}`);
              assert.equal(oraclePlay(seat, spec, c), listed, `oracle: ${spec} -> ${charId(c)}`);
            }
            checkedPlays++;
          }
        }
        const r = apply(s, seat, randomBot(s, seat, rng)!);
        assert.ok(r.ok);
        s = r.state;
      }
    }
    assert.ok(
      checkedAttacks > 1000 && checkedPlays > 1000,
      `enough states (${checkedAttacks} attackers, ${checkedPlays / SPECS.length} states)`,
    );
    assert.ok(tauntOrStealthStates > 100, `taunt and stealth appear (${tauntOrStealthStates} states)`);
  });

  it("lists in board order: friendly minions, enemy minions, own hero, enemy hero", () => {
    let s = createMatch({ seed: "order", decks: [STARTER_DECKS[0].cards, STARTER_DECKS[1].cards] });
    const rng = botRng("order");
    while (!s.result && (s.phase !== "playing" || s.players[0].board.length < 2 || s.players[1].board.length < 2)) {
      const seat: Seat = s.phase === "mulligan" ? (s.players[0].mulliganed ? 1 : 0) : s.current;
      s = (apply(s, seat, randomBot(s, seat, rng)!) as { state: State }).state;
    }
    assert.equal(s.phase, "playing");
    const seat = s.current;
    const tg = targeting(s, seat);
    const alive = (p: number) => s.players[p].board.filter((m) => isAlive(m));
    const enemies = alive(1 - seat).filter((m) => !(m.kw & KW.stealth));
    assert.deepEqual(
      tg.playTargets("any-character").map(charId),
      [...alive(seat), ...enemies, HERO_REFS[seat], HERO_REFS[1 - seat]].map(charId),
    );
  });
});
