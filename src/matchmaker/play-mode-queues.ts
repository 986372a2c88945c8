import type Redis from "ioredis";
import type { Config } from "../config";
import type { SharedStore } from "../store/shared-store";
import { Challenges } from "./challenges";
import {
  createMatchmaking,
  matchParamsFrom,
  type Matchmaking,
  type MatchmakingConfig,
  type MatchmakingDeps,
} from "./matchmaking";
import type { PlayMode } from "../battle/play-mode";
import type { RatingCache } from "./rating-cache";
import type { MatchParams } from "./window";

/** Casual pairs on the hidden rating too, with every window MM_CASUAL_WINDOW_FACTOR times the ranked one. */
export function casualParams(config: MatchmakingConfig & Pick<Config, "MM_CASUAL_WINDOW_FACTOR">): MatchParams {
  const ranked = matchParamsFrom(config);
  const f = config.MM_CASUAL_WINDOW_FACTOR;
  return {
    ...ranked,
    baseWindow: ranked.baseWindow * f,
    growthPerSecond: ranked.growthPerSecond * f,
    maxWindow: ranked.maxWindow * f,
  };
}

/** A challenge ticket pairs only with the ticket of the same code (its pairing value): a window of 0. */
export function challengeParams(config: MatchmakingConfig): MatchParams {
  return { ...matchParamsFrom(config), baseWindow: 0, growthPerSecond: 0, maxWindow: 0 };
}

/** One queue (and matcher) per play mode; the queue room picks one by the `mode` join option. */
export class PlayModeQueues {
  constructor(
    readonly ranked: Matchmaking,
    readonly casual: Matchmaking,
    readonly challenge: Matchmaking,
    readonly challenges: Challenges,
  ) {}

  forMode(mode: PlayMode): Matchmaking {
    return this[mode];
  }

  get all(): Matchmaking[] {
    return [this.ranked, this.casual, this.challenge];
  }

  start(): void {
    for (const mm of this.all) mm.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.all.map((mm) => mm.stop()));
  }
}

export function createPlayModeQueues(deps: {
  config: MatchmakingConfig & Pick<Config, "REDIS_KEY_PREFIX" | "MM_CASUAL_WINDOW_FACTOR">;
  redis: Redis | null;
  store: SharedStore;
  ratings: RatingCache;
  resolveDeck: MatchmakingDeps["resolveDeck"];
}): PlayModeQueues {
  const challenges = new Challenges(deps.store);
  return new PlayModeQueues(
    createMatchmaking(deps),
    createMatchmaking({ ...deps, mode: "casual", params: casualParams(deps.config) }),
    createMatchmaking({
      ...deps,
      mode: "challenge",
      params: challengeParams(deps.config),
      admission: challenges.admission(),
      wrapBattleFactory: (factory) => challenges.closingAfterSeat(factory),
    }),
    challenges,
  );
}
