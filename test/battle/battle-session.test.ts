import assert from "node:assert/strict";
import { forfeit, hash, replay, STARTER_DECKS, type GameEvent, type Seat } from "../../src/game";
import {
  AFK_TIMEOUTS,
  BattleSession,
  type BattleClock,
  type BattleSessionOutput,
  type BattleTimers,
} from "../../src/battle/battle-session";
import type { FinishedMatch } from "../../src/battle/finished-match";
import type { BattleServerMessage } from "../../src/battle/battle-messages";

/** A clock that moves only when the test says so; due timers run in deadline order. */
class ManualClock implements BattleClock {
  private t = 1_700_000_000_000;
  private timers: Array<{ at: number; fn: () => void; cleared: boolean }> = [];

  now(): number {
    return this.t;
  }

  after(ms: number, fn: () => void): { clear(): void } {
    const timer = { at: this.t + ms, fn, cleared: false };
    this.timers.push(timer);
    return {
      clear: () => {
        timer.cleared = true;
      },
    };
  }

  advance(ms: number): void {
    const until = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => !x.cleared && x.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      due.cleared = true;
      this.t = due.at;
      due.fn();
    }
    this.t = until;
  }
}

type Conn = `player${Seat}`;

interface Harness {
  session: BattleSession<Conn>;
  clock: ManualClock;
  published: Array<{ events: GameEvent[]; withLegal: boolean }>;
  started: number;
  cancelled: Conn[][];
  finished: Array<Array<{ connection: Conn; result: BattleServerMessage<"result"> }>>;
  recorded: FinishedMatch[];
  queuePlaces: string[];
  marked: string[];
  cleared: string[];
  settle(): Promise<void>;
}

const TIMERS: BattleTimers = { turn: 30, mulligan: 20, reconnect: 10, join: 15 };

function harness(seed = "session-seed", recordFails = false): Harness {
  const clock = new ManualClock();
  const h = {
    clock,
    published: [],
    started: 0,
    cancelled: [],
    finished: [],
    recorded: [],
    queuePlaces: [],
    marked: [],
    cleared: [],
  } as unknown as Harness;
  const output: BattleSessionOutput<Conn> = {
    publish: (events, withLegal) => void h.published.push({ events, withLegal }),
    started: () => void h.started++,
    cancelled: (present) => void h.cancelled.push(present),
    finished: (results) => void h.finished.push(results),
  };
  h.session = new BattleSession<Conn>(
    {
      matchId: "00000000-0000-4000-8000-000000000001",
      seed,
      seats: [
        { steamId: "76561198000000001", deckId: "d0", deck: STARTER_DECKS[0].cards, enqueuedAt: 111 },
        { steamId: "76561198000000002", deckId: "d1", deck: STARTER_DECKS[1].cards, enqueuedAt: 222 },
      ],
      timers: TIMERS,
    },
    {
      clock,
      recordDodge: async () => undefined,
      recordResult: async (match) => {
        if (recordFails) throw new Error("database and outbox both down");
        h.recorded.push(match);
        return { pending: true };
      },
      keepQueuePlace: async (steamId, enqueuedAt) => void h.queuePlaces.push(`${steamId}@${enqueuedAt}`),
      markInBattle: async (steamId) => void h.marked.push(steamId),
      clearInBattle: async (steamId) => void h.cleared.push(steamId),
    },
    output,
  );
  h.settle = () => new Promise((resolve) => setImmediate(resolve));
  return h;
}

function joinBoth(h: Harness): void {
  h.session.join(0, "player0");
  h.session.join(1, "player1");
}

/** The recorded match replays to its final hash, as verifyReplay checks for stored replays. */
function assertReplays(match: FinishedMatch): void {
  let state = replay(match.seed, [match.seats[0].deck, match.seats[1].deck], match.intentLog);
  if (match.forfeit) state = forfeit(state, match.forfeit.seat, match.forfeit.reason).state;
  assert.equal(hash(state), match.finalHash);
}

describe("battle session (no sockets, manual clock)", () => {
  it("starts when both seats have joined: state 1, a mulligan deadline, both players marked in battle, legal lists sent", () => {
    const h = harness();
    h.session.join(0, "player0");
    assert.equal(h.session.started, false);
    assert.deepEqual(h.published, [{ events: [], withLegal: false }]);
    assert.deepEqual(h.session.closedReason()?.code, "not_started");
    assert.equal(h.session.act(0, { type: "mulligan", replace: [] }, 0)?.code, "not_started");
    h.session.join(1, "player1");
    assert.equal(h.started, 1);
    assert.equal(h.session.stateId, 1);
    assert.equal(h.session.turnDeadline, h.clock.now() + TIMERS.mulligan * 1000);
    assert.deepEqual(h.published.at(-1), { events: [], withLegal: true });
    assert.deepEqual(h.marked.sort(), ["76561198000000001", "76561198000000002"]);
    assert.ok(h.session.legalFor(0)?.every((a) => (a.type === "mulligan" || a.type === "concede") && a.stateId === 1));
    assert.ok(h.session.legalFor(1)?.length);
  });

  it("marks the players in battle at the start, and again only once half of the mark's life is gone, however many turns pass", () => {
    const h = harness();
    const startedAt = h.clock.now();
    joinBoth(h);
    assert.equal(h.marked.length, 2);
    h.session.act(0, { type: "mulligan", replace: [] }, 1);
    h.session.act(1, { type: "mulligan", replace: [] }, 1);
    const endTurn = () => {
      h.clock.advance(100);
      assert.equal(h.session.act(h.session.engine.current, { type: "end_turn" }, h.session.stateId), null);
    };
    for (let i = 0; i < 15; i++) endTurn();
    assert.equal(h.marked.length, 2, "fifteen turns write no mark");
    // The mulligan's mark lasts (mulligan + reconnect) · 2 s + 60 s; a turn rewrites it once what is left of it is no
    // more than half of a turn's mark, (turn + reconnect) · 1 s + 30 s.
    const mulliganMarkMs = (TIMERS.mulligan + TIMERS.reconnect) * 2000 + 60_000;
    const refreshFrom = startedAt + mulliganMarkMs - ((TIMERS.turn + TIMERS.reconnect) * 2000 + 60_000) / 2;
    h.clock.advance(refreshFrom - h.clock.now() - 200);
    endTurn();
    assert.equal(h.marked.length, 2, "just before: not yet");
    endTurn();
    endTurn();
    assert.equal(h.marked.length, 4, "then both players are marked again");
  });

  it("cancels when a seat stays empty past the join timeout; the player present keeps their queue place", async () => {
    const h = harness();
    h.session.join(1, "player1");
    h.clock.advance(TIMERS.join * 1000 - 1);
    assert.deepEqual(h.cancelled, []);
    h.clock.advance(1);
    assert.deepEqual(h.cancelled, [["player1"]]);
    assert.equal(h.session.finished, true);
    await h.settle();
    assert.deepEqual(h.queuePlaces, ["76561198000000002@222"]);
    assert.equal(h.session.closedReason()?.code, "not_started");
  });

  it("a player who left before the start counts as absent; the join timer then cancels", () => {
    const h = harness();
    h.session.join(0, "player0");
    h.session.leave(0);
    assert.equal(h.session.seats[0].joined, false);
    h.clock.advance(TIMERS.join * 1000);
    assert.deepEqual(h.cancelled, [[]]);
  });

  it("applies legal intents, bumps stateId, refuses stale ones and engine refusals without changing anything", () => {
    const h = harness();
    joinBoth(h);
    // Mulligans are simultaneous: an older stateId is accepted for them.
    assert.equal(h.session.act(0, { type: "mulligan", replace: [] }, 1), null);
    assert.equal(h.session.act(1, { type: "mulligan", replace: [] }, 1), null);
    assert.equal(h.session.engine.phase, "playing");
    const stateId = h.session.stateId;
    assert.equal(stateId, 3);
    const toAct = h.session.engine.current;
    const other = (1 - toAct) as Seat;
    assert.equal(h.session.act(toAct, { type: "end_turn" }, stateId - 1)?.code, "stale_state");
    assert.equal(h.session.act(other, { type: "end_turn" }, stateId)?.code !== undefined, true);
    assert.equal(h.session.stateId, stateId, "refusals change nothing");
    assert.equal(h.session.legalFor(other), null);
    assert.equal(h.session.act(toAct, { type: "end_turn" }, stateId), null);
    assert.equal(h.session.stateId, stateId + 1);
    assert.equal(h.session.engine.current, other);
    assert.equal(h.session.turnDeadline, h.clock.now() + TIMERS.turn * 1000);
  });

  it("times out the mulligan, then turns; AFK_TIMEOUTS turns in a row forfeit the seat as afk", async () => {
    const h = harness();
    joinBoth(h);
    h.clock.advance(TIMERS.mulligan * 1000);
    assert.equal(h.session.engine.phase, "playing");
    const afk = h.session.engine.current;
    const active = (1 - afk) as Seat;
    for (let i = 1; i < AFK_TIMEOUTS; i++) {
      h.clock.advance(TIMERS.turn * 1000);
      assert.equal(h.session.seats[afk].consecutiveTimeouts, i);
      assert.equal(h.session.engine.current, active);
      assert.equal(h.session.act(active, { type: "end_turn" }, h.session.stateId), null);
      assert.equal(h.session.seats[active].consecutiveTimeouts, 0);
    }
    h.clock.advance(TIMERS.turn * 1000);
    assert.equal(h.session.finished, true);
    assert.equal(h.session.turnDeadline, 0);
    assert.deepEqual(h.session.engine.result, { winner: active, reason: "afk" });
    await h.settle();
    const [match] = h.recorded;
    assert.equal(match.endReason, "afk");
    assert.deepEqual(match.forfeit, { seat: afk, reason: "afk" });
    assert.ok(match.intentLog.filter((e) => e.intent.type === "timeout").length >= AFK_TIMEOUTS);
    assertReplays(match);
    assert.equal(h.finished.length, 1);
    assert.deepEqual(
      h.finished[0].map((r) => r.connection),
      ["player0", "player1"],
    );
    assert.equal(h.finished[0][0].result.reason, "afk");
    assert.equal(h.finished[0][0].result.winner, h.session.seats[active].steamId);
    assert.deepEqual(h.cleared.sort(), ["76561198000000001", "76561198000000002"]);
    assert.equal(h.session.act(active, { type: "end_turn" }, h.session.stateId)?.code, "game_over");
  });

  it("a conceding player loses at any time, also out of turn", async () => {
    const h = harness("concede-seed");
    joinBoth(h);
    h.clock.advance(TIMERS.mulligan * 1000);
    const waiting = (1 - h.session.engine.current) as Seat;
    assert.equal(h.session.act(waiting, { type: "concede" }, null), null);
    assert.equal(h.session.engine.result?.winner, 1 - waiting);
    await h.settle();
    assert.equal(h.recorded[0].endReason, "concede");
    assertReplays(h.recorded[0]);
  });

  it("a drop during the game allows a reconnection; leaving for good forfeits as disconnect", async () => {
    const h = harness();
    assert.equal(h.session.drop(0), false, "before the start there is nothing to come back to");
    joinBoth(h);
    assert.equal(h.session.drop(1), true);
    assert.equal(h.session.seats[1].connected, false);
    h.session.reconnect(1, "player1");
    assert.equal(h.session.seats[1].connected, true);
    h.session.leave(1);
    assert.deepEqual(h.session.engine.result, { winner: 0, reason: "disconnect" });
    await h.settle();
    assert.deepEqual(
      h.finished[0].map((r) => r.connection),
      ["player0"],
    );
    assertReplays(h.recorded[0]);
  });

  it("a result that can be neither recorded nor parked still ends the match as pending", async () => {
    const h = harness("pending", true);
    joinBoth(h);
    h.session.leave(0);
    await h.settle();
    assert.equal(h.finished[0][0].result.pending, true);
    assert.deepEqual(h.finished[0][0].result.you, {
      before: null,
      after: null,
      ratingChange: null,
      xpGained: null,
      levelBefore: null,
      levelAfter: null,
      rank: null,
    });
  });

  it("on shutdown a running game keeps going; one that never started is dropped and both keep their queue place", async () => {
    const running = harness();
    joinBoth(running);
    assert.equal(running.session.shutdown(), null);
    const waiting = harness();
    waiting.session.join(0, "player0");
    await waiting.session.shutdown();
    assert.deepEqual(waiting.queuePlaces, ["76561198000000001@111", "76561198000000002@222"]);
    assert.equal(waiting.session.finished, true);
    waiting.clock.advance(TIMERS.join * 1000);
    assert.deepEqual(waiting.cancelled, [], "a dropped match is not cancelled a second time");
  });
});
