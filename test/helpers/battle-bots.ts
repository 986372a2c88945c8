import type { Room } from "@colyseus/sdk";
import { chooseAction, seededRandom } from "../../loadtest/legal-bot";
import type { BattleServerMessage } from "../../src/battle/battle-messages";

export interface LegalMessage {
  stateId: number;
  actions: Array<Record<string, unknown> & { type: string; stateId: number }>;
}

export interface ResultMessage {
  matchId: string;
  winner: string | null;
  winnerSeat: 0 | 1 | null;
  reason: string;
  pending: boolean;
  // before/after are checked field by field; the rest is typed from the protocol.
  you: Omit<BattleServerMessage<"result">["you"], "before" | "after"> & { before: any; after: any };
}

const BATTLE_MESSAGES = ["legal", "events", "error", "result", "cancelled"] as const;

/**
 * Records every battle message a room receives from the moment it is attached, so a test never misses
 * one that arrived before it started waiting.
 */
export class Inbox {
  private readonly queues = new Map<string, unknown[]>();
  private readonly waiters = new Map<string, Array<(msg: unknown) => void>>();
  private readonly listeners = new Map<string, Array<(msg: unknown) => void>>();

  constructor(readonly room: Room) {
    for (const type of BATTLE_MESSAGES) {
      room.onMessage(type, (msg: unknown) => {
        for (const listener of this.listeners.get(type) ?? []) listener(msg);
        const waiter = this.waiters.get(type)?.shift();
        if (waiter) waiter(msg);
        else this.queues.set(type, [...(this.queues.get(type) ?? []), msg]);
      });
    }
  }

  /** The oldest unread message of this type, waiting for one if none arrived yet. */
  next<T = any>(type: string, timeoutMs = 10_000): Promise<T> {
    const queued = this.queues.get(type);
    if (queued && queued.length > 0) return Promise.resolve(queued.shift() as T);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for '${type}'`)), timeoutMs);
      const list = this.waiters.get(type) ?? [];
      list.push((msg) => {
        clearTimeout(timer);
        resolve(msg as T);
      });
      this.waiters.set(type, list);
    });
  }

  /** The newest message of this type received so far (read or not). */
  drain(type: string): unknown[] {
    const queued = this.queues.get(type) ?? [];
    this.queues.set(type, []);
    return queued;
  }

  on(type: string, listener: (msg: any) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
}

/**
 * A client-side bot that only knows what its client receives: it answers each `legal` list with one
 * action from it, sent back unchanged. It keeps the mulligan, prefers plays and attacks, never concedes.
 */
export async function playWithBot(
  inbox: Inbox,
  seed: number,
  options: { delayMs?: number } = {},
): Promise<ResultMessage> {
  const random = seededRandom(seed);
  const result = inbox.next<ResultMessage>("result", 120_000);
  let done = false;
  void result.then(() => (done = true));
  const act = (msg: LegalMessage) => {
    const pick = chooseAction(msg.actions, random);
    if (!pick) return;
    const send = () => inbox.room.send(pick.type, pick);
    if (options.delayMs) setTimeout(send, options.delayMs);
    else send();
  };
  const pending = inbox.drain("legal") as LegalMessage[];
  if (pending.length > 0) act(pending[pending.length - 1]);
  inbox.on("legal", (msg) => {
    if (!done) act(msg);
  });
  return result;
}
