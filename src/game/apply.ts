import { isToAct } from "./legal";
// The single entry point for intents: validate against the rules, clone once, execute.
import type { ApplyResult, GameEvent, Intent, Seat, State } from "./types";
import { BOARD_LIMIT } from "./constants";
import { forkState } from "./clone";
import { newResolver } from "./resolver";
import { charId, HERO_REFS, type Char } from "./chars";
import { canAttack, targeting } from "./targeting";
import { doAttack, doMulligan, doPlay } from "./actions";
import { endTurn } from "./turns";
import { finish } from "./outcome";
import { cardInfo } from "./card-info";

const fail = (code: string, message: string): ApplyResult => ({ ok: false, error: { code, message } });

export function findChar(s: State, ref: string): Char | null {
  if (ref === "hero:0") return HERO_REFS[0];
  if (ref === "hero:1") return HERO_REFS[1];
  for (let p = 0; p < 2; p++) for (const m of s.players[p].board) if (m.id === ref) return m;
  return null;
}

const copy = (s: State): State => forkState(s);
const same = (s: State): State => s;

export function apply(state: State, seat: Seat, intent: Intent): ApplyResult {
  return guarded(state, seat, intent, copy);
}

/**
 * Same rules as apply() but mutates and returns `state` instead of a copy: for simulations and bots
 * that own their state. If it refuses, `state` is untouched.
 */
export function applyInPlace(state: State, seat: Seat, intent: Intent): ApplyResult {
  return guarded(state, seat, intent, same);
}

function guarded(state: State, seat: Seat, intent: Intent, fork: (s: State) => State): ApplyResult {
  try {
    return applyUnsafe(state, seat, intent, fork);
  } catch (err) {
    // validation below should make this unreachable; never let garbage input crash a room
    return fail("internal_error", err instanceof Error ? err.message : String(err));
  }
}

function applyUnsafe(state: State, seat: Seat, raw: unknown, fork: (s: State) => State): ApplyResult {
  if (seat !== 0 && seat !== 1) return fail("invalid_intent", "seat must be 0 or 1");
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return fail("invalid_intent", "intent must be an object");
  const intent = raw as Record<string, unknown>;
  const type = intent.type;
  if (typeof type !== "string") return fail("invalid_intent", "intent.type must be a string");
  if (state.phase === "over") return fail("game_over", "the game is over");
  const me = state.players[seat];
  const ev: GameEvent[] = [];

  switch (type) {
    case "concede": {
      if (!isToAct(state, seat))
        return fail("not_your_turn", "concede on your own turn (or mulligan); a server may forfeit() at any time");
      const s = fork(state);
      finish(newResolver(s, ev), (1 - seat) as Seat, "concede");
      return { ok: true, state: s, events: ev };
    }
    case "timeout": {
      if (state.phase === "mulligan") {
        if (me.mulliganed) return fail("illegal_intent", "this seat already mulliganed");
        const s = fork(state);
        doMulligan(newResolver(s, ev), seat, []);
        return { ok: true, state: s, events: ev };
      }
      if (state.current !== seat) return fail("not_your_turn", "timeout is only for the seat to act");
      const s = fork(state);
      endTurn(newResolver(s, ev));
      return { ok: true, state: s, events: ev };
    }
    case "mulligan": {
      if (state.phase !== "mulligan") return fail("illegal_intent", "not in the mulligan phase");
      if (me.mulliganed) return fail("illegal_intent", "this seat already mulliganed");
      const replace = intent.replace;
      if (!Array.isArray(replace) || replace.some((x) => typeof x !== "string")) {
        return fail("invalid_intent", "replace must be an array of hand entity ids");
      }
      if (new Set(replace).size !== replace.length) return fail("invalid_intent", "duplicate ids in replace");
      for (const id of replace)
        if (!me.hand.some((c) => c.id === id)) return fail("unknown_card", `${id} is not in your hand`);
      const s = fork(state);
      doMulligan(newResolver(s, ev), seat, replace as string[]);
      return { ok: true, state: s, events: ev };
    }
    case "end_turn":
    case "play":
    case "attack":
      break;
    default:
      return fail("invalid_intent", `unknown intent type`);
  }

  if (state.phase !== "playing") return fail("illegal_intent", "the game has not started");
  if (state.current !== seat) return fail("not_your_turn", "it is not your turn");

  if (type === "end_turn") {
    const s = fork(state);
    endTurn(newResolver(s, ev));
    return { ok: true, state: s, events: ev };
  }

  if (type === "play") {
    const { card, target, position } = intent;
    if (typeof card !== "string") return fail("invalid_intent", "play.card must be a hand entity id");
    if (target !== undefined && typeof target !== "string")
      return fail("invalid_intent", "play.target must be a string");
    if (position !== undefined && (typeof position !== "number" || !Number.isInteger(position))) {
      return fail("invalid_intent", "play.position must be an integer");
    }
    let handIndex = -1;
    for (let i = 0; i < me.hand.length; i++)
      if (me.hand[i].id === card) {
        handIndex = i;
        break;
      }
    if (handIndex < 0) return fail("unknown_card", `${card} is not in your hand`);
    const info = cardInfo(me.hand[handIndex].card);
    const def = info.def;
    if (info.cost > me.mana) return fail("not_enough_mana", `${def.name} costs ${def.cost}`);
    if (info.minion) {
      if (me.board.length >= BOARD_LIMIT) return fail("board_full", "your board is full");
      if (position !== undefined && (position < 0 || position > me.board.length)) {
        return fail("invalid_position", `position must be 0..${me.board.length}`);
      }
    } else if (position !== undefined) return fail("invalid_intent", "spells take no position");
    let chosen: Char | null = null;
    const spec = info.targetSpec;
    if (spec) {
      const tg = targeting(state, seat);
      if (target !== undefined) {
        chosen = findChar(state, target as string);
        if (!chosen || !tg.canPlayTarget(spec, chosen))
          return fail("invalid_target", `${target} is not a valid target`);
      } else if (tg.countPlayTargets(spec) > 0) {
        return fail("invalid_target", `${def.name} needs a target`);
      } else if (def.type === "spell") return fail("no_target", `${def.name} has no valid target`);
    } else if (target !== undefined) return fail("invalid_target", `${def.name} takes no target`);
    const s = fork(state);
    // in place (s === state) the chosen character is already the one in `s`
    doPlay(
      newResolver(s, ev),
      seat,
      handIndex,
      chosen && (s === state ? chosen : findChar(s, charId(chosen))),
      position as number | undefined,
    );
    return { ok: true, state: s, events: ev };
  }

  // attack
  const { attacker, target } = intent;
  if (typeof attacker !== "string" || typeof target !== "string")
    return fail("invalid_intent", "attack needs attacker and target ids");
  const board = me.board;
  let ai = -1;
  for (let i = 0; i < board.length; i++)
    if (board[i].id === attacker) {
      ai = i;
      break;
    }
  if (ai < 0) return fail("unknown_card", `${attacker} is not one of your minions`);
  const a = board[ai];
  if (!canAttack(a)) return fail("illegal_intent", `${attacker} cannot attack now`);
  const victim = findChar(state, target);
  if (!victim || !targeting(state, seat).canAttackTarget(a, victim))
    return fail("invalid_target", `${target} cannot be attacked`);
  const s = fork(state);
  // the fork keeps board order: same indexes in the copy
  if (s === state) doAttack(newResolver(s, ev), a, victim);
  else doAttack(newResolver(s, ev), s.players[seat].board[ai], findChar(s, target)!);
  return { ok: true, state: s, events: ev };
}
