import type { Services } from "../services";
import { colyseusBattleFactory, colyseusGateway, type QueueGateway } from "./colyseus-gateway";
import { MatchDispatcher, type BattleFactory } from "./match-dispatcher";
import { Matcher } from "./matcher";
import { MemoryTicketQueue } from "./memory-ticket-queue";
import { matchmakingMetrics, type MatchmakingMetrics } from "./metrics";
import { ratingCacheFor, type RatingCache } from "./rating-cache";
import { RedisTicketQueue } from "./redis-ticket-queue";
import type { TicketQueue } from "./ticket-queue";
import type { MatchParams } from "./window";

export function matchParamsFrom(config: Services["config"]): MatchParams {
  return {
    baseWindow: config.MM_BASE_WINDOW,
    growthPerSecond: config.MM_WINDOW_GROWTH,
    maxWindow: config.MM_MAX_WINDOW,
    maxPairs: config.MM_MAX_PAIRS_PER_BATCH,
    maxAnchors: config.MM_MAX_PAIRS_PER_BATCH * 4,
    candidatesPerSide: 16,
  };
}

/** Everything the queue needs in one process: the shared queue, its matcher, rating cache, metrics. */
export class Matchmaking {
  readonly leaseMs: number;
  /** A player's slot ownership outlives a missed heartbeat or two. */
  readonly ownerTtlMs: number;
  readonly heartbeatMs: number;
  /** Waiting players are told `queue_lost` once the queue (Redis) has been unreachable this long. */
  readonly unreachableGiveUpMs: number;
  readonly matcher: Matcher;
  readonly dispatcher: MatchDispatcher;
  /** Queue rooms start the matcher when they are created; a benchmark may hold it back. */
  autoStart = true;

  constructor(
    readonly services: Services,
    readonly queue: TicketQueue,
    readonly ratings: RatingCache,
    readonly metrics: MatchmakingMetrics,
    readonly gateway: QueueGateway,
    createBattle: BattleFactory,
  ) {
    const { config } = services;
    this.leaseMs = config.MM_TICKET_LEASE_SECONDS * 1000;
    this.ownerTtlMs = this.leaseMs * 2;
    this.heartbeatMs = Math.max(500, Math.floor(this.leaseMs / 3));
    this.unreachableGiveUpMs = config.MM_QUEUE_UNREACHABLE_SECONDS * 1000;
    this.dispatcher = new MatchDispatcher({
      queue,
      gateway,
      createBattle,
      store: services.store,
      metrics,
      leaseMs: this.leaseMs,
      ownerTtlMs: this.ownerTtlMs,
    });
    this.matcher = new Matcher(queue, {
      tickMs: config.MM_TICK_MS,
      params: matchParamsFrom(config),
      onPair: (pair) => this.dispatcher.dispatch(pair),
      metrics,
    });
  }

  start(): void {
    this.matcher.start();
  }

  async stop(): Promise<void> {
    await this.matcher.stop();
    await this.dispatcher.drain();
  }
}

const instances = new WeakMap<Services, Matchmaking>();

/** The process's matchmaking for these services (created on first use; Redis-backed when REDIS_URL is set). */
export function matchmakingFor(services: Services): Matchmaking {
  let mm = instances.get(services);
  if (!mm) {
    const queue: TicketQueue = services.redis
      ? new RedisTicketQueue(services.redis, services.config.REDIS_KEY_PREFIX)
      : new MemoryTicketQueue();
    mm = new Matchmaking(services, queue, ratingCacheFor(services), matchmakingMetrics, colyseusGateway, colyseusBattleFactory());
    instances.set(services, mm);
  }
  return mm;
}

/** Stops this process's matcher and waits for pairs being dispatched (tests, shutdown). */
export async function stopMatchmaking(services: Services): Promise<void> {
  const mm = instances.get(services);
  if (!mm) return;
  await mm.stop();
  instances.delete(services);
}
