import type { ArraySchema } from "@colyseus/schema";
import {
  attackOf,
  healthOf,
  keywordList,
  maxHealthOf,
  type Minion,
  type PlayerState,
  type Seat,
  type State,
} from "../../game";
import { handCardCost, wirePhase } from "../../game/projection";
import { type BattleState, HandCardState, MinionState, type BattlePlayerState } from "./battle-state";

/*
 * Reading a Schema field goes through an accessor, and reading an ArraySchema goes through a Proxy: both
 * are slow. So each synced schema object has a plain mirror of what was last written into it, changes are
 * detected against the mirror with direct field comparisons, and only changed fields are written (so only
 * they are encoded into the patch). Values are read straight from the engine state with the value functions
 * of src/game/projection.ts (the declaration view() is built from), without building view objects for both
 * sides; which hands a client receives is seesHand()'s (BattleWire.viewedBy).
 */

interface MinionMirror {
  item: MinionState;
  id: string;
  card: string;
  attack: number;
  health: number;
  maxHealth: number;
  kw: number;
  sick: boolean;
  frozen: boolean;
  silenced: boolean;
  attacks: number;
}

interface HandMirror {
  item: HandCardState;
  id: string;
  card: string;
  cost: number;
}

interface PlayerMirror {
  health: number;
  maxHealth: number;
  armor: number;
  heroFrozen: boolean;
  mana: number;
  maxMana: number;
  handCount: number;
  deckCount: number;
  fatigue: number;
  mulliganed: boolean;
  connected: boolean;
  consecutiveTimeouts: number;
  board: MinionMirror[];
  hand: HandMirror[];
  /** The synced player, read once: `players[seat]` goes through the ArraySchema Proxy. */
  schema: BattlePlayerState | null;
}

interface StateMirror {
  phase: string;
  turn: number;
  currentSeat: number;
  winnerSeat: number;
  endReason: string;
  stateId: number;
  turnDeadline: number;
  players: [PlayerMirror, PlayerMirror];
}

/** What the match session adds to the engine state: its state counter, the turn deadline, each seat's presence. */
export interface SessionFacts {
  stateId: number;
  turnDeadline: number;
  seats: readonly { connected: boolean; consecutiveTimeouts: number }[];
}

const mirrors = new WeakMap<object, StateMirror>();

function newPlayerMirror(): PlayerMirror {
  // NaN / unset values never equal a real value, so the first sync writes every field.
  return {
    health: NaN,
    maxHealth: NaN,
    armor: NaN,
    heroFrozen: undefined as unknown as boolean,
    mana: NaN,
    maxMana: NaN,
    handCount: NaN,
    deckCount: NaN,
    fatigue: NaN,
    mulliganed: undefined as unknown as boolean,
    connected: undefined as unknown as boolean,
    consecutiveTimeouts: NaN,
    board: [],
    hand: [],
    schema: null,
  };
}

function mirrorOf(target: BattleState): StateMirror {
  let mirror = mirrors.get(target);
  if (!mirror) {
    mirror = {
      phase: undefined as unknown as string,
      turn: NaN,
      currentSeat: NaN,
      winnerSeat: NaN,
      endReason: undefined as unknown as string,
      stateId: NaN,
      turnDeadline: NaN,
      players: [newPlayerMirror(), newPlayerMirror()],
    };
    mirrors.set(target, mirror);
  }
  return mirror;
}

/** keywordList() by mask, computed once per mask (there are at most 256). */
const keywordsByMask = new Map<number, readonly string[]>();
function keywordsOf(mask: number): readonly string[] {
  let list = keywordsByMask.get(mask);
  if (!list) {
    list = keywordList(mask);
    keywordsByMask.set(mask, list);
  }
  return list;
}

function writeKeywords(target: ArraySchema<string>, keywords: readonly string[]): void {
  target.splice(0, target.length, ...keywords);
}

function syncMinion(mirror: MinionMirror, m: Minion, isNew: boolean): void {
  const item = mirror.item;
  if (mirror.id !== m.id) item.id = mirror.id = m.id;
  if (mirror.card !== m.card) item.card = mirror.card = m.card;
  const attack = attackOf(m);
  if (mirror.attack !== attack) item.attack = mirror.attack = attack;
  const health = healthOf(m);
  if (mirror.health !== health) item.health = mirror.health = health;
  const maxHealth = maxHealthOf(m);
  if (mirror.maxHealth !== maxHealth) item.maxHealth = mirror.maxHealth = maxHealth;
  if (mirror.kw !== m.kw) {
    const before = isNew ? [] : keywordsOf(mirror.kw);
    const after = keywordsOf(m.kw);
    mirror.kw = m.kw;
    // Same list (masks differing only in bits with no keyword) writes nothing, as before.
    if (before.length !== after.length || before.some((k, i) => k !== after[i])) writeKeywords(item.keywords, after);
  }
  if (mirror.sick !== m.sick) item.sick = mirror.sick = m.sick;
  if (mirror.frozen !== m.frozen) item.frozen = mirror.frozen = m.frozen;
  if (mirror.silenced !== m.silenced) item.silenced = mirror.silenced = m.silenced;
  if (mirror.attacks !== m.attacks) item.attacks = mirror.attacks = m.attacks;
}

function newMinionMirror(): MinionMirror {
  return {
    item: new MinionState(),
    id: undefined as unknown as string,
    card: undefined as unknown as string,
    attack: NaN,
    health: NaN,
    maxHealth: NaN,
    kw: NaN,
    sick: undefined as unknown as boolean,
    frozen: undefined as unknown as boolean,
    silenced: undefined as unknown as boolean,
    attacks: NaN,
  };
}

function syncBoard(array: ArraySchema<MinionState>, mirrors: MinionMirror[], board: Minion[]): void {
  while (mirrors.length > board.length) {
    array.pop();
    mirrors.pop();
  }
  for (let i = 0; i < board.length; i++) {
    if (i < mirrors.length) {
      syncMinion(mirrors[i], board[i], false);
    } else {
      const mirror = newMinionMirror();
      syncMinion(mirror, board[i], true);
      array.push(mirror.item);
      mirrors.push(mirror);
    }
  }
}

function syncHand(array: ArraySchema<HandCardState>, mirrors: HandMirror[], hand: PlayerState["hand"]): void {
  while (mirrors.length > hand.length) {
    array.pop();
    mirrors.pop();
  }
  for (let i = 0; i < hand.length; i++) {
    const card = hand[i];
    let mirror: HandMirror;
    let isNew = false;
    if (i < mirrors.length) {
      mirror = mirrors[i];
      if (mirror.id === card.id && mirror.card === card.card) continue;
    } else {
      mirror = {
        item: new HandCardState(),
        id: undefined as unknown as string,
        card: undefined as unknown as string,
        cost: NaN,
      };
      isNew = true;
    }
    const item = mirror.item;
    const cost = handCardCost(card);
    if (mirror.id !== card.id) item.id = mirror.id = card.id;
    if (mirror.card !== card.card) item.card = mirror.card = card.card;
    if (mirror.cost !== cost) item.cost = mirror.cost = cost;
    if (isNew) {
      array.push(item);
      mirrors.push(mirror);
    }
  }
}

function syncPlayer(
  player: BattlePlayerState,
  mirror: PlayerMirror,
  p: PlayerState,
  seat: SessionFacts["seats"][number],
): void {
  if (mirror.connected !== seat.connected) player.connected = mirror.connected = seat.connected;
  if (mirror.consecutiveTimeouts !== seat.consecutiveTimeouts)
    player.consecutiveTimeouts = mirror.consecutiveTimeouts = seat.consecutiveTimeouts;
  const hero = p.hero;
  if (mirror.health !== hero.health) player.health = mirror.health = hero.health;
  if (mirror.maxHealth !== hero.maxHealth) player.maxHealth = mirror.maxHealth = hero.maxHealth;
  if (mirror.armor !== hero.armor) player.armor = mirror.armor = hero.armor;
  if (mirror.heroFrozen !== hero.frozen) player.heroFrozen = mirror.heroFrozen = hero.frozen;
  if (mirror.mana !== p.mana) player.mana = mirror.mana = p.mana;
  if (mirror.maxMana !== p.maxMana) player.maxMana = mirror.maxMana = p.maxMana;
  const handCount = p.hand.length;
  if (mirror.handCount !== handCount) player.handCount = mirror.handCount = handCount;
  const deckCount = p.deck.length;
  if (mirror.deckCount !== deckCount) player.deckCount = mirror.deckCount = deckCount;
  if (mirror.fatigue !== p.fatigue) player.fatigue = mirror.fatigue = p.fatigue;
  if (mirror.mulliganed !== p.mulliganed) player.mulliganed = mirror.mulliganed = p.mulliganed;
  syncBoard(player.board, mirror.board, p.board);
  syncHand(player.hand.cards, mirror.hand, p.hand);
}

/**
 * Projects the engine state and the session's facts onto the Colyseus state. Everything here is public
 * except each player's `hand`, which is a `.view()` field only the owner's StateView receives. Deck order,
 * the seed and the PRNG never enter the schema.
 */
export function syncBattleState(target: BattleState, engine: State, session: SessionFacts): void {
  const mirror = mirrorOf(target);
  if (mirror.stateId !== session.stateId) target.stateId = mirror.stateId = session.stateId;
  if (mirror.turnDeadline !== session.turnDeadline) target.turnDeadline = mirror.turnDeadline = session.turnDeadline;
  const players = target.players;
  for (const seat of [0, 1] as Seat[]) {
    const playerMirror = mirror.players[seat];
    // The room creates both players once, before the first sync, and never replaces them.
    playerMirror.schema ??= players[seat] as BattlePlayerState;
    syncPlayer(playerMirror.schema, playerMirror, engine.players[seat], session.seats[seat]);
  }
  const phase = wirePhase(engine);
  if (mirror.phase !== phase) target.phase = mirror.phase = phase;
  if (mirror.turn !== engine.turn) target.turn = mirror.turn = engine.turn;
  if (mirror.currentSeat !== engine.current) target.currentSeat = mirror.currentSeat = engine.current;
  const winnerSeat = engine.result ? (engine.result.winner ?? -1) : -1;
  if (mirror.winnerSeat !== winnerSeat) target.winnerSeat = mirror.winnerSeat = winnerSeat;
  const endReason = engine.result?.reason ?? "";
  if (mirror.endReason !== endReason) target.endReason = mirror.endReason = endReason;
}
