// Who may attack, and the one targeting kernel: which characters a seat may attack or target with a card.
// Listing, counting and "may it target this one?" all read the same Targeting, computed once per state.
import type { Minion, Seat, State } from "./types";
import type { TargetSpec } from "./effects";
import { KW } from "./keywords";
import { attackOf, isAlive } from "./stats";
import { HERO_REFS, isHero, type Char } from "./chars";

export function canAttack(m: Minion): boolean {
  if (m.frozen || !isAlive(m) || attackOf(m) <= 0) return false;
  if (m.attacks >= (m.kw & KW.windfury ? 2 : 1)) return false;
  return !m.sick || (m.kw & (KW.charge | KW.rush)) !== 0;
}

const friendlyMinions = (spec: TargetSpec): boolean =>
  spec === "any-character" || spec === "friendly-character" || spec === "any-minion" || spec === "friendly-minion";
const enemyMinions = (spec: TargetSpec): boolean =>
  spec === "any-character" || spec === "enemy-character" || spec === "any-minion" || spec === "enemy-minion";
const friendlyHero = (spec: TargetSpec): boolean => spec === "any-character" || spec === "friendly-character";
const enemyHero = (spec: TargetSpec): boolean => spec === "any-character" || spec === "enemy-character";

/**
 * The characters `seat` may pick in one state, in board order, and every question about them: list, count,
 * "may it pick this one?". Build it once per state (one scan of each board) and ask it everything for that
 * state; it is a snapshot, so build another after the state changes.
 */
export class Targeting {
  private readonly mine: readonly Minion[];
  private readonly theirs: readonly Minion[];
  /** how many of the seat's minions are alive (its own cards may target them; stealth does not hide them from it) */
  private friendlyCount = -1;
  /** how many of the foe's minions are alive without stealth; -1 until counted (validating one target needs no count) */
  private enemyCount = -1;
  /** how many of those have taunt: when any, an attack must pick one of them */
  private tauntCount = 0;

  constructor(
    s: State,
    readonly seat: Seat,
  ) {
    this.mine = s.players[seat].board;
    this.theirs = s.players[1 - seat].board;
  }

  private countFriendly(): number {
    if (this.friendlyCount < 0) {
      this.friendlyCount = 0;
      for (let i = 0; i < this.mine.length; i++) if (isAlive(this.mine[i])) this.friendlyCount++;
    }
    return this.friendlyCount;
  }

  private countEnemies(): number {
    if (this.enemyCount < 0) {
      this.enemyCount = 0;
      for (let i = 0; i < this.theirs.length; i++) {
        const t = this.theirs[i];
        if (!isAlive(t) || t.kw & KW.stealth) continue;
        this.enemyCount++;
        if (t.kw & KW.taunt) this.tauntCount++;
      }
    }
    return this.enemyCount;
  }

  /** Legal targets for an attacker of this seat that canAttack(): the taunts if any, else every enemy, then the hero. */
  attackTargets(attacker: Minion): Char[] {
    this.countEnemies();
    const out: Char[] = [];
    for (let i = 0; i < this.theirs.length; i++) if (this.attackable(this.theirs[i])) out.push(this.theirs[i]);
    if (this.heroAttackable(attacker)) out.push(HERO_REFS[1 - this.seat]);
    return out;
  }

  countAttackTargets(attacker: Minion): number {
    const enemies = this.countEnemies();
    if (this.tauntCount > 0) return this.tauntCount;
    return enemies + (this.heroAttackable(attacker) ? 1 : 0);
  }

  canAttackTarget(attacker: Minion, target: Char): boolean {
    this.countEnemies();
    if (isHero(target)) return target.hero !== this.seat && this.heroAttackable(attacker);
    return this.theirs.includes(target) && this.attackable(target);
  }

  /** Targets for a card of this seat: friendly minions, enemy minions, then its own hero, then the foe's. */
  playTargets(spec: TargetSpec): Char[] {
    const out: Char[] = [];
    if (friendlyMinions(spec))
      for (let i = 0; i < this.mine.length; i++) if (isAlive(this.mine[i])) out.push(this.mine[i]);
    if (enemyMinions(spec))
      for (let i = 0; i < this.theirs.length; i++) if (this.enemy(this.theirs[i])) out.push(this.theirs[i]);
    if (friendlyHero(spec)) out.push(HERO_REFS[this.seat]);
    if (enemyHero(spec)) out.push(HERO_REFS[1 - this.seat]);
    return out;
  }

  countPlayTargets(spec: TargetSpec): number {
    return (
      (friendlyMinions(spec) ? this.countFriendly() : 0) +
      (enemyMinions(spec) ? this.countEnemies() : 0) +
      (friendlyHero(spec) ? 1 : 0) +
      (enemyHero(spec) ? 1 : 0)
    );
  }

  canPlayTarget(spec: TargetSpec, target: Char): boolean {
    if (isHero(target)) return target.hero === this.seat ? friendlyHero(spec) : enemyHero(spec);
    return (
      (friendlyMinions(spec) && this.mine.includes(target) && isAlive(target)) ||
      (enemyMinions(spec) && this.theirs.includes(target) && this.enemy(target))
    );
  }

  /** The one rule for "an enemy minion this seat may pick": alive and not in stealth. */
  private enemy(m: Minion): boolean {
    return isAlive(m) && !(m.kw & KW.stealth);
  }

  private attackable(m: Minion): boolean {
    return this.enemy(m) && (this.tauntCount === 0 || (m.kw & KW.taunt) !== 0);
  }

  /** A minion with Rush but not Charge cannot attack heroes on the turn it arrives; a taunt shields the hero. */
  private heroAttackable(attacker: Minion): boolean {
    return this.tauntCount === 0 && (!attacker.sick || (attacker.kw & KW.charge) !== 0);
  }
}

export function targeting(s: State, seat: Seat): Targeting {
  return new Targeting(s, seat);
}
