// Damage and healing, including divine shield, armor, poisonous and lifesteal.
import type { Minion } from "./types";
import { KW } from "./keywords";
import type { Resolver } from "./resolver";
import { charId, HERO_REFS, isHero, type Char } from "./chars";
import { fire } from "./triggers";

export function dealDamage(R: Resolver, source: Minion | null, target: Char, amount: number): number {
  if (amount <= 0) return 0;
  if (isHero(target)) {
    const hero = R.s.players[target.hero].hero;
    const absorbed = Math.min(hero.armor, amount);
    hero.armor -= absorbed;
    hero.health -= amount - absorbed;
    R.ev.push({ type: "damage", target: charId(target), amount });
  } else {
    if (target.kw & KW.divine_shield) {
      target.kw &= ~KW.divine_shield;
      R.ev.push({ type: "shield_break", target: target.id });
      return 0;
    }
    target.dmg += amount;
    R.ev.push({ type: "damage", target: target.id, amount });
    if (source && source.kw & KW.poisonous) target.dead = true;
    fire(R, "damaged", target, target.owner);
  }
  if (source && source.kw & KW.lifesteal) heal(R, HERO_REFS[source.owner], amount);
  return amount;
}

export function heal(R: Resolver, target: Char, amount: number): void {
  if (amount <= 0) return;
  let healed: number;
  if (isHero(target)) {
    const hero = R.s.players[target.hero].hero;
    healed = Math.min(amount, hero.maxHealth - hero.health);
    hero.health += healed;
  } else {
    healed = Math.min(amount, target.dmg);
    target.dmg -= healed;
  }
  if (healed > 0) R.ev.push({ type: "heal", target: charId(target), amount: healed });
}
