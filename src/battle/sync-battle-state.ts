import { ArraySchema } from "@colyseus/schema";
import { view, type Seat, type State } from "../game";
import { BattleState, HandCardState, MinionState, type BattlePlayerState } from "../rooms/battle-state";

type Assignable<T> = { [K in keyof T]?: T[K] };

function assignChanged<T extends object>(target: T, values: Assignable<T>): void {
  for (const key of Object.keys(values) as Array<keyof T>) {
    if (target[key] !== values[key]) target[key] = values[key] as T[keyof T];
  }
}

/** What was last written into each ArraySchema: reading an ArraySchema goes through a Proxy and is slow. */
interface Mirror<S> {
  items: S[];
  keys: string[];
}
const mirrors = new WeakMap<object, Mirror<unknown>>();

/**
 * Updates an ArraySchema in place by position, so only what changed is encoded into the patch, and
 * touches only the entries whose values changed since the last sync.
 */
function syncArray<S extends object, V>(
  array: ArraySchema<S>,
  values: V[],
  create: () => S,
  update: (item: S, value: V) => void,
): void {
  let mirror = mirrors.get(array) as Mirror<S> | undefined;
  if (!mirror) {
    mirror = { items: Array.from(array), keys: [] };
    mirrors.set(array, mirror);
  }
  while (mirror.items.length > values.length) {
    array.pop();
    mirror.items.pop();
    mirror.keys.pop();
  }
  for (let i = 0; i < values.length; i++) {
    const key = JSON.stringify(values[i]);
    if (i < mirror.items.length) {
      if (mirror.keys[i] === key) continue;
      update(mirror.items[i], values[i]);
    } else {
      const item = create();
      update(item, values[i]);
      array.push(item);
      mirror.items.push(item);
    }
    mirror.keys[i] = key;
  }
}

function syncKeywords(target: ArraySchema<string>, keywords: string[]): void {
  if (target.length === keywords.length && keywords.every((k, i) => target[i] === k)) return;
  target.splice(0, target.length, ...keywords);
}

/**
 * Projects the engine state onto the Colyseus state. Everything here is public except each player's
 * `hand`, which is a `.view()` field only the owner's StateView receives. Deck order, the seed and
 * the PRNG never enter the schema.
 */
export function syncBattleState(target: BattleState, engine: State): void {
  for (const seat of [0, 1] as Seat[]) {
    const seen = view(engine, seat).you;
    const player = target.players[seat] as BattlePlayerState;
    assignChanged(player, {
      health: seen.hero.health,
      maxHealth: seen.hero.maxHealth,
      armor: seen.hero.armor,
      heroFrozen: seen.hero.frozen,
      mana: seen.mana,
      maxMana: seen.maxMana,
      handCount: seen.handCount,
      deckCount: seen.deckCount,
      fatigue: seen.fatigue,
      mulliganed: seen.mulliganed,
    });
    syncArray(player.board, seen.board, () => new MinionState(), (m, v) => {
      assignChanged(m, {
        id: v.id,
        card: v.card,
        attack: v.attack,
        health: v.health,
        maxHealth: v.maxHealth,
        sick: v.sick,
        frozen: v.frozen,
        silenced: v.silenced,
        attacks: v.attacks,
      });
      syncKeywords(m.keywords, v.keywords);
    });
    syncArray(player.hand.cards, seen.hand, () => new HandCardState(), (c, v) => assignChanged(c, v));
  }
  assignChanged(target, {
    phase: engine.phase === "over" ? "ended" : engine.phase,
    turn: engine.turn,
    currentSeat: engine.current,
    winnerSeat: engine.result ? (engine.result.winner ?? -1) : -1,
    endReason: engine.result?.reason ?? "",
  });
}
