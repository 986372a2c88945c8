// Creating a match and replaying one from its intent log.
import type { Intent, PlayerState, Seat, State } from "./types";
import { ENGINE_VERSION, HERO_HEALTH, OPENING_HAND_FIRST, OPENING_HAND_SECOND } from "./constants";
import { nextUint32, seedWords, shuffleInPlace } from "./rng";
import { newResolver } from "./resolver";
import { drawCard } from "./zones";
import { apply } from "./apply";
import { CARDS } from "./catalog";

export interface MatchOptions {
  seed: string | number;
  decks: [string[], string[]] | string[][];
  firstSeat?: Seat;
}

function newPlayer(deck: string[]): PlayerState {
  return {
    hero: { health: HERO_HEALTH, maxHealth: HERO_HEALTH, armor: 0, frozen: false },
    mana: 0,
    maxMana: 0,
    deck: deck.slice(),
    hand: [],
    board: [],
    graveyard: [],
    fatigue: 0,
    handSeq: 0,
    mulliganed: false,
    created: 0,
  };
}

/**
 * Decks are not validated here (validateDeck is for deck building); unknown card ids throw because a
 * match with them cannot be played.
 */
export function createMatch(opts: MatchOptions): State {
  const { seed, decks } = opts;
  if (!Array.isArray(decks) || decks.length !== 2) throw new Error("createMatch: need two decks");
  for (const d of decks) for (const c of d) if (!CARDS[c]) throw new Error(`createMatch: unknown card ${c}`);
  const rng = seedWords(seed);
  const first: Seat = opts.firstSeat === 0 || opts.firstSeat === 1 ? opts.firstSeat : ((nextUint32(rng) & 1) as Seat);
  const s: State = {
    version: ENGINE_VERSION,
    phase: "mulligan",
    turn: 0,
    current: first,
    first,
    rng,
    nextId: 1,
    nextOrder: 1,
    players: [newPlayer(decks[0]), newPlayer(decks[1])],
    result: null,
  };
  const R = newResolver(s);
  for (const seat of [0, 1] as Seat[]) {
    shuffleInPlace(s.rng, s.players[seat].deck);
    const n = seat === first ? OPENING_HAND_FIRST : OPENING_HAND_SECOND;
    for (let i = 0; i < n; i++) drawCard(R, seat);
  }
  return s;
}

export interface LogEntry {
  seat: Seat;
  intent: Intent;
}

/** Rebuilds a match from its log. Throws if an entry is refused (the log does not belong to this match). */
export function replay(seed: string | number, decks: string[][], log: LogEntry[], firstSeat?: Seat): State {
  let s = createMatch({ seed, decks, firstSeat });
  for (let i = 0; i < log.length; i++) {
    const r = apply(s, log[i].seat, log[i].intent);
    if (!r.ok) throw new Error(`replay: entry ${i} refused: ${r.error.code} ${r.error.message}`);
    s = r.state;
  }
  return s;
}
