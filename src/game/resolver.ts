// The per-action working context: the (already cloned) state being mutated, the event log,
// and the stack of trigger frames that gives "nested events finish before outer ones".
import type { Effect } from './effects';
import type { GameEvent, Minion, Seat, State } from './types';
import type { Char } from './chars';
import { MAX_QUEUE_DEPTH, MAX_QUEUE_STEPS } from './constants';
import { runEffect } from './run-effect';

export interface EffectContext {
  /** owner of the effect ("friendly" side) */
  seat: Seat;
  /** the minion whose text this is (null for spells) */
  source: Minion | null;
  /** the target chosen on play */
  chosen: Char | null;
  /** the minion a trigger is about */
  event: Minion | null;
  /** board index for deathrattle summons (-1 otherwise) */
  pos: number;
}

export interface Queued { effect: Effect; ctx: EffectContext }

export interface Resolver {
  s: State;
  ev: GameEvent[];
  frames: Queued[][];
  steps: number;
  capped: boolean;
}

export function newResolver(s: State, ev: GameEvent[] = []): Resolver {
  return { s, ev, frames: [], steps: 0, capped: false };
}

export function enqueue(R: Resolver, effect: Effect, ctx: EffectContext): void {
  const top = R.frames[R.frames.length - 1];
  if (top) top.push({ effect, ctx });
  else runQueued(R, { effect, ctx }, 1);
}

function runQueued(R: Resolver, q: Queued, depth: number): void {
  if (depth > MAX_QUEUE_DEPTH || R.steps >= MAX_QUEUE_STEPS) {
    if (!R.capped) { R.capped = true; R.ev.push({ type: 'cap_reached', cap: 'queue' }); }
    return;
  }
  R.steps++;
  const frame: Queued[] = [];
  R.frames.push(frame);
  runEffect(R, q.effect, q.ctx);
  R.frames.pop();
  for (let i = 0; i < frame.length; i++) runQueued(R, frame[i], depth + 1);
}

/** Runs `body` with a fresh frame, then drains everything it queued, depth-first. */
export function inFrame(R: Resolver, body: () => void): void {
  const frame: Queued[] = [];
  R.frames.push(frame);
  body();
  R.frames.pop();
  for (let i = 0; i < frame.length; i++) runQueued(R, frame[i], 1);
}
