import type { z } from "zod";
import type { Effect, Selector, TargetSpec } from "./effects";
import type { gameEventSchema } from "./event-schema";
import type { Keyword } from "./keywords";

export type Seat = 0 | 1;
export type Phase = "mulligan" | "playing" | "over";
export type Rarity = "common" | "rare" | "epic" | "legendary";
export type { Keyword };

export interface GameResult {
  winner: Seat | null;
  /** "hero_destroyed" | "draw" | "turn_limit" | "concede" | a server forfeit reason */
  reason: string;
}

/** A card in a hand. `id` is the entity id ("e17"); `opq` is the per-hand opaque sequence number shown to the opponent. */
export interface HandCard {
  id: string;
  card: string;
  opq: number;
}

export interface Hero {
  health: number;
  maxHealth: number;
  armor: number;
  frozen: boolean;
}

/**
 * A minion on the board. Current stats are derived (see stats.ts):
 * attack = max(0, atk + tmpAtk + auraAtk), maxHealth = hp + auraHp, health = maxHealth - dmg.
 */
export interface Minion {
  id: string;
  card: string;
  owner: Seat;
  /** global play order, used to order deaths and triggers */
  order: number;
  atk: number;
  hp: number;
  dmg: number;
  tmpAtk: number;
  auraAtk: number;
  auraHp: number;
  /** keyword bitmask, see keywords.ts */
  kw: number;
  /** card-text bitmask (aura, deathrattle, trigger events; see text-mask.ts), cleared by silence */
  tx: number;
  sick: boolean;
  attacks: number;
  frozen: boolean;
  silenced: boolean;
  /** destroyed, waiting for the death pass */
  dead: boolean;
}

export interface PlayerState {
  hero: Hero;
  mana: number;
  maxMana: number;
  /** card ids; the top of the deck is the END of the array */
  deck: string[];
  hand: HandCard[];
  board: Minion[];
  /** card ids of played spells, dead minions, burned and transformed-away cards */
  graveyard: string[];
  fatigue: number;
  /** bumped whenever a card enters this hand; source of opaque ids */
  handSeq: number;
  mulliganed: boolean;
  /** cards that entered play from nothing (coin, tokens, given cards, transforms); for conservation checks */
  created: number;
}

export interface State {
  version: string;
  phase: Phase;
  /** number of turns started so far (0 during mulligan) */
  turn: number;
  current: Seat;
  first: Seat;
  /** sfc32 state words */
  rng: number[];
  nextId: number;
  nextOrder: number;
  players: PlayerState[];
  result: GameResult | null;
}

export type Intent =
  | { type: "mulligan"; replace: string[] }
  | { type: "play"; card: string; target?: string; position?: number }
  | { type: "attack"; attacker: string; target: string }
  | { type: "end_turn" }
  | { type: "concede" }
  | { type: "timeout" };

/** What the engine reports, one entry per thing that happened; defined by its wire schema (event-schema.ts). */
export type GameEvent = z.infer<typeof gameEventSchema>;

export type Side = "friendly" | "enemy" | "any";

export interface Aura {
  attack: number;
  health: number;
  to: "adjacent" | "other-friendly-minions";
}

export type TriggerEvent = "turn_start" | "turn_end" | "minion_died" | "minion_summoned" | "damaged" | "spell_cast";

export interface Trigger {
  on: TriggerEvent;
  /** whose turn / whose minion / whose spell; for 'damaged' also 'self' (default) */
  side?: Side | "self";
  effect: Effect;
}

/** The declarative shape cards are written in. */
export interface CardDefinition {
  id: string;
  name: string;
  cost: number;
  type: "minion" | "spell";
  attack?: number;
  health?: number;
  rarity: Rarity;
  text: string;
  /** defaults to true; tokens set false */
  collectible?: boolean;
  keywords?: Keyword[];
  /** explicit play-target requirement; only needed when no `target(...)` selector appears in the effects (custom effects) */
  target?: TargetSpec;
  /** on-play effect of a spell */
  effect?: Effect;
  battlecry?: Effect;
  deathrattle?: Effect;
  aura?: Aura;
  triggers?: Trigger[];
}

/** Card definition after loading: defaults filled, keyword mask and target requirement computed. */
export interface LoadedCard extends CardDefinition {
  collectible: boolean;
  attack: number;
  health: number;
  kwMask: number;
  /** text-mask.ts bits for this card's aura, deathrattle and triggers */
  txMask: number;
  /** what the player must/may choose when playing this card, if anything */
  targetSpec: TargetSpec | null;
}

export interface ClientCard {
  id: string;
  name: string;
  cost: number;
  type: "minion" | "spell";
  attack: number | null;
  health: number | null;
  rarity: Rarity;
  text: string;
  collectible: boolean;
}

export interface HeroView {
  health: number;
  maxHealth: number;
  armor: number;
  frozen: boolean;
}
export interface MinionView {
  id: string;
  card: string;
  attack: number;
  health: number;
  maxHealth: number;
  keywords: Keyword[];
  sick: boolean;
  frozen: boolean;
  silenced: boolean;
  attacks: number;
}
export interface SideView {
  seat: Seat;
  hero: HeroView;
  mana: number;
  maxMana: number;
  deckCount: number;
  handCount: number;
  board: MinionView[];
  fatigue: number;
  mulliganed: boolean;
}
export interface PlayerView {
  seat: Seat;
  phase: Phase;
  turn: number;
  current: Seat;
  first: Seat;
  result: GameResult | null;
  you: SideView & { hand: { id: string; card: string; cost: number }[] };
  opponent: SideView & { hand: { opaque: string }[] };
}

export type ApplyResult =
  | { ok: true; state: State; events: GameEvent[] }
  | { ok: false; error: { code: string; message: string } };

export type { Effect, Selector, TargetSpec };
