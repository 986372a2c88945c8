import assert from "node:assert/strict";
import type { State } from "../../src/game";
import { attackOf, healthOf, maxHealthOf } from "../../src/game/stats";

export function checkInvariants(s: State, ctx = ""): void {
  const ids = new Set<string>();
  for (const p of s.players) {
    const h = p.hero;
    assert.ok(h.health <= h.maxHealth, `hero health > max ${ctx}`);
    assert.ok(h.armor >= 0, ctx);
    assert.ok(p.board.length <= 7, `board > 7 ${ctx}`);
    assert.ok(p.hand.length <= 10, `hand > 10 ${ctx}`);
    assert.ok(p.mana >= 0 && p.mana <= 10 && p.maxMana <= 10, `mana ${p.mana}/${p.maxMana} ${ctx}`);
    for (const m of p.board) {
      assert.ok(healthOf(m) > 0 && healthOf(m) <= maxHealthOf(m), `minion health ${ctx}`);
      assert.ok(attackOf(m) >= 0 && !m.dead, ctx);
      assert.ok(!ids.has(m.id), `duplicate id ${m.id} ${ctx}`);
      ids.add(m.id);
    }
    for (const c of p.hand) {
      assert.ok(!ids.has(c.id), `duplicate id ${c.id} ${ctx}`);
      ids.add(c.id);
    }
    const total = p.deck.length + p.hand.length + p.board.length + p.graveyard.length;
    assert.equal(total, 30 + p.created, `cards not conserved ${ctx}`);
  }
  assert.equal(s.phase === "over", s.result !== null, ctx);
}
