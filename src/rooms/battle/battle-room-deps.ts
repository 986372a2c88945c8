import type { BattleClock, BattleSessionDeps } from "../../battle/battle-session";
import type { FinishedMatch } from "../../battle/finished-match";
import type { RecordOutcome } from "../../battle/result-recorder";
import { clearInBattle, markInBattle } from "../../battle/active-battles";
import { snapshotDeck } from "../../battle/deck-snapshot";
import { grantQueuePriority } from "../../matchmaker/queue-priority";
import { recordDodge } from "../../matchmaker/dodge-cooldown";
import type { Services } from "../../services";
import type { BanList } from "../../auth/ban-list";
import { authenticateToken } from "../room-auth";
import type { TokenAuthenticator } from "./seat-binding";

/** Defaults a battle room reads when it is created. */
export interface BattleSettings {
  /** Seconds per turn, mulligan, reconnection and join (a match's own `timers` option overrides them). */
  turnSeconds: number;
  mulliganSeconds: number;
  reconnectSeconds: number;
  joinSeconds: number;
  /** Per-client message budget; over it a message is refused with `error`. */
  maxMessagesPerSecond: number;
}

/** Everything the battle room uses from the process, and nothing more. */
export interface BattleRoomDeps {
  settings(): BattleSettings;
  /** The deck a player brings into the match (card ids), or null when it is not theirs. */
  loadDeck(steamId: string, deckId: string): Promise<string[] | null>;
  recordResult(match: FinishedMatch): Promise<RecordOutcome>;
  keepQueuePlace(steamId: string, enqueuedAt: number): Promise<void>;
  /** A matched player did not join, or left before the start (src/matchmaker/dodge-cooldown.ts). */
  recordDodge(steamId: string): Promise<void>;
  markInBattle(steamId: string, roomId: string, ttlMs: number): Promise<void>;
  clearInBattle(steamId: string, roomId: string): Promise<void>;
  /** Ban events: a banned (or revoked) seated player forfeits with end reason `banned`. */
  banList: Pick<BanList, "onEvent">;
  /** Verifies the access token a seat reservation or reconnection is consumed with. */
  authenticate: TokenAuthenticator;
}

/** The battle room's dependencies from the process's services. */
export function battleRoomDeps(services: Services): BattleRoomDeps {
  return {
    settings() {
      const { config } = services;
      return {
        turnSeconds: config.TURN_SECONDS,
        mulliganSeconds: config.MULLIGAN_SECONDS,
        reconnectSeconds: config.RECONNECT_SECONDS,
        joinSeconds: config.BATTLE_JOIN_TIMEOUT,
        maxMessagesPerSecond: config.BATTLE_MAX_MESSAGES_PER_SECOND,
      };
    },
    loadDeck: (steamId, deckId) => snapshotDeck(services.db.knex, steamId, deckId),
    recordResult: (match) => services.resultRecorder.record(match),
    keepQueuePlace: (steamId, enqueuedAt) => grantQueuePriority(services.store, steamId, enqueuedAt),
    recordDodge: async (steamId) => {
      const { DODGE_COOLDOWN_MINUTES, DODGE_WINDOW_HOURS } = services.config;
      await recordDodge(services.store, steamId, {
        cooldownMinutes: DODGE_COOLDOWN_MINUTES,
        windowHours: DODGE_WINDOW_HOURS,
      });
    },
    markInBattle: (steamId, roomId, ttlMs) => markInBattle(services.store, steamId, roomId, ttlMs),
    clearInBattle: (steamId, roomId) => clearInBattle(services.store, steamId, roomId),
    banList: services.banList,
    authenticate: (token) => authenticateToken(services, token),
  };
}

/** What one room's session gets of the room's dependencies: the per-player entries name this room. */
export function sessionDeps(deps: BattleRoomDeps, roomId: string, clock: BattleClock): BattleSessionDeps {
  return {
    clock,
    recordResult: (match) => deps.recordResult(match),
    keepQueuePlace: (steamId, enqueuedAt) => deps.keepQueuePlace(steamId, enqueuedAt),
    recordDodge: (steamId) => deps.recordDodge(steamId),
    markInBattle: (steamId, ttlMs) => deps.markInBattle(steamId, roomId, ttlMs),
    clearInBattle: (steamId) => deps.clearInBattle(steamId, roomId),
  };
}
