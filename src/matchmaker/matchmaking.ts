import { matchmakingPause } from "./matchmaking-pause";
import type Redis from "ioredis";
import type { Config } from "../config";
import type { SharedStore } from "../store/shared-store";
import { colyseusBattleFactory, colyseusGateway, type QueueGateway } from "./colyseus-gateway";
import { MatchDispatcher, type BattleFactory } from "./match-dispatcher";
import { Matcher } from "./matcher";
import { MemoryTicketQueue } from "./memory-ticket-queue";
import { MatchmakingMetrics, matchmakingMetrics } from "./metrics";
import type { DeckCheck } from "./queue-deck";
import type { RatingCache } from "./rating-cache";
import { RedisTicketQueue } from "./redis-ticket-queue";
import type { TicketQueue } from "./ticket-queue";
import type { PlayMode } from "../battle/play-mode";
import type { QueueErrorCode, QueueJoinOptions } from "./queue-messages";
import type { MatchParams } from "./window";

/**
 * A mode's own admission check, run after the join options parsed: may refuse the join, or set the number the
 * queue pairs on instead of the player's rating (a challenge pairs on its code: see src/matchmaker/challenges.ts).
 */
export type QueueAdmission = (
  steamId: string,
  options: QueueJoinOptions,
) => Promise<{ ok: true; pairingValue?: number } | { ok: false; code: QueueErrorCode; message: string }>;

export function matchParamsFrom(config: MatchmakingConfig): MatchParams {
  return {
    baseWindow: config.MM_BASE_WINDOW,
    growthPerSecond: config.MM_WINDOW_GROWTH,
    maxWindow: config.MM_MAX_WINDOW,
    maxPairs: config.MM_MAX_PAIRS_PER_BATCH,
    maxAnchors: config.MM_MAX_PAIRS_PER_BATCH * 4,
    candidatesPerSide: 16,
  };
}

/** The settings matchmaking reads. */
export type MatchmakingConfig = Pick<
  Config,
  | "MM_TICKET_LEASE_SECONDS"
  | "MM_TICK_MS"
  | "MM_BASE_WINDOW"
  | "MM_WINDOW_GROWTH"
  | "MM_MAX_WINDOW"
  | "MM_MAX_PAIRS_PER_BATCH"
  | "MM_QUEUE_UNREACHABLE_SECONDS"
>;

export interface MatchmakingDeps {
  config: MatchmakingConfig;
  store: SharedStore;
  queue: TicketQueue;
  ratings: RatingCache;
  /** The deck a player may queue with (their pick, or their default deck). */
  resolveDeck: (steamId: string, deckId: string | undefined) => Promise<DeckCheck>;
  metrics: MatchmakingMetrics;
  gateway: QueueGateway;
  createBattle: BattleFactory;
  /** Which play mode this queue serves (default ranked). */
  mode?: PlayMode;
  /** The pairing windows (default: from the MM_* settings). */
  params?: MatchParams;
  admission?: QueueAdmission;
}

/**
 * Everything the queue needs in one process: the shared queue, its matcher, rating cache, metrics.
 * createApp starts the matcher once the server listens and stops it first on shutdown.
 */
export class Matchmaking {
  readonly leaseMs: number;
  /** A player's slot ownership outlives a missed heartbeat or two. */
  readonly ownerTtlMs: number;
  readonly heartbeatMs: number;
  /** Waiting players are told `queue_lost` once the queue (Redis) has been unreachable this long. */
  readonly unreachableGiveUpMs: number;
  readonly matcher: Matcher;
  readonly dispatcher: MatchDispatcher;
  readonly store: SharedStore;
  readonly queue: TicketQueue;
  readonly ratings: RatingCache;
  readonly resolveDeck: MatchmakingDeps["resolveDeck"];
  readonly metrics: MatchmakingMetrics;
  readonly gateway: QueueGateway;
  readonly mode: PlayMode;
  readonly admission: QueueAdmission | null;

  constructor(deps: MatchmakingDeps) {
    const { config, queue, metrics, gateway } = deps;
    this.mode = deps.mode ?? "ranked";
    this.admission = deps.admission ?? null;
    this.store = deps.store;
    this.queue = queue;
    this.ratings = deps.ratings;
    this.resolveDeck = deps.resolveDeck;
    this.metrics = metrics;
    this.gateway = gateway;
    this.leaseMs = config.MM_TICKET_LEASE_SECONDS * 1000;
    this.ownerTtlMs = this.leaseMs * 2;
    this.heartbeatMs = Math.max(500, Math.floor(this.leaseMs / 3));
    this.unreachableGiveUpMs = config.MM_QUEUE_UNREACHABLE_SECONDS * 1000;
    this.dispatcher = new MatchDispatcher({
      queue,
      gateway,
      createBattle: deps.createBattle,
      store: deps.store,
      metrics,
      leaseMs: this.leaseMs,
      ownerTtlMs: this.ownerTtlMs,
    });
    this.matcher = new Matcher(queue, {
      tickMs: config.MM_TICK_MS,
      params: deps.params ?? matchParamsFrom(config),
      onPair: (pair) => this.dispatcher.dispatch(pair),
      metrics,
      pause: () => matchmakingPause(deps.store),
    });
  }

  start(): void {
    this.matcher.start();
  }

  /** Stops the matcher and waits for pairs being dispatched (shutdown, tests). */
  async stop(): Promise<void> {
    await this.matcher.stop();
    await this.dispatcher.drain();
  }
}

/** This process's matchmaking over the shared store (Redis-backed queue when `redis` is given). */
export function createMatchmaking(deps: {
  config: MatchmakingConfig & Pick<Config, "REDIS_KEY_PREFIX">;
  redis: Redis | null;
  store: SharedStore;
  ratings: RatingCache;
  resolveDeck: MatchmakingDeps["resolveDeck"];
  /** Default ranked; another mode gets its own queue keys (`<prefix><mode>:{mm}:…`). */
  mode?: PlayMode;
  params?: MatchParams;
  admission?: QueueAdmission;
  /** Wraps the battle factory (a challenge closes its code once seated). */
  wrapBattleFactory?: (factory: BattleFactory) => BattleFactory;
}): Matchmaking {
  const mode = deps.mode ?? "ranked";
  const prefix = mode === "ranked" ? deps.config.REDIS_KEY_PREFIX : `${deps.config.REDIS_KEY_PREFIX}${mode}:`;
  const queue: TicketQueue = deps.redis ? new RedisTicketQueue(deps.redis, prefix) : new MemoryTicketQueue();
  const factory = colyseusBattleFactory(undefined, mode);
  return new Matchmaking({
    ...deps,
    queue,
    // The exported series are the ranked queue's; another mode keeps its own counters and queue size.
    metrics: mode === "ranked" ? matchmakingMetrics : new MatchmakingMetrics(),
    gateway: colyseusGateway,
    createBattle: deps.wrapBattleFactory ? deps.wrapBattleFactory(factory) : factory,
  });
}
