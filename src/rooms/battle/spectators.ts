import { ErrorCode, ServerError, type Client } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import { MessageBudget } from "../message-budget";
import type { RoomAuth } from "../room-auth";
import { send } from "./battle-wire";
import type { BattleState } from "./battle-state";

/** What the battle room needs to admit spectators; without it (tests), nobody can spectate. */
export interface SpectatingDeps {
  /** The room's token check (the same as the queue's). */
  authenticate(token: unknown): Promise<RoomAuth>;
  /** True when both players allow spectators (their `allowSpectators` setting when the battle is created). */
  allowedFor(steamIds: string[]): Promise<boolean>;
  /** BATTLE_MAX_SPECTATORS */
  maxSpectators: number;
}

export interface SpectatorAuth extends RoomAuth {
  spectator: true;
}

export interface SpectatorData {
  spectator: true;
  budget: MessageBudget;
}

export function isSpectatorAuth(auth: unknown): auth is SpectatorAuth {
  return (auth as Partial<SpectatorAuth> | undefined)?.spectator === true;
}

export function isSpectator(client: Client): boolean {
  return (client.userData as Partial<SpectatorData> | undefined)?.spectator === true;
}

/**
 * The battle room's static onAuth: players come with a seat reservation from the matchmaker only; a
 * spectator comes with `joinById(roomId, { spectate: true })` and a valid access token.
 */
export async function authenticateBattleJoin(
  spectating: SpectatingDeps | undefined,
  token: unknown,
  options: unknown,
): Promise<SpectatorAuth> {
  if (!spectating || (options as { spectate?: unknown } | undefined)?.spectate !== true) {
    throw new ServerError(
      ErrorCode.AUTH_FAILED,
      "battles are joined only through a seat reservation (or as a spectator)",
    );
  }
  const auth = await spectating.authenticate(token);
  return { ...auth, spectator: true };
}

/** How stale the turn shown by GET /api/battles/live may be. */
export const LISTING_TURN_REFRESH_MS = 30_000;

/**
 * A battle's spectators: admitted while the battle allows them and has room, each with an empty StateView
 * (so neither hand reaches them: projection.ts's seesHand is false for a spectator), counted in the
 * state's `spectators`. They receive the patches and the `events` filtered for the spectator viewer, never
 * `legal`; anything they send is refused with `error { code: "spectator" }` (battle-room.ts).
 */
export class Spectators {
  private readonly clients = new Set<Client>();
  private turnListedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly state: BattleState,
    /** Both players allow spectators. */
    readonly allowed: boolean,
    readonly cap: number,
    private readonly players: string[],
    private readonly messagesPerSecond: number,
  ) {}

  /** Room capacity beyond the two seats. */
  get capacity(): number {
    return this.allowed ? this.cap : 0;
  }

  get list(): Iterable<Client> {
    return this.clients;
  }

  get count(): number {
    return this.clients.size;
  }

  /** Throws (the join fails) when this client may not watch. */
  admit(client: Client, auth: SpectatorAuth, ended: boolean): void {
    if (!this.allowed)
      throw new ServerError(ErrorCode.AUTH_FAILED, "the players of this battle do not allow spectators");
    if (ended) throw new ServerError(ErrorCode.AUTH_FAILED, "this battle has ended");
    if (this.players.includes(auth.steamId)) throw new ServerError(ErrorCode.AUTH_FAILED, "you play in this battle");
    if (this.clients.size >= this.cap)
      throw new ServerError(ErrorCode.AUTH_FAILED, "this battle has as many spectators as it allows");
    client.userData = { spectator: true, budget: new MessageBudget(this.messagesPerSecond) } satisfies SpectatorData;
    client.view = new StateView();
    this.clients.add(client);
    this.state.spectators = this.clients.size;
  }

  /** A spectator's message of any type: answered with `error { code: "spectator" }` (within its budget), no effect. */
  refuse(client: Client, stateId: number): boolean {
    if (!isSpectator(client)) return false;
    const { budget } = client.userData as SpectatorData;
    if (budget.take())
      send(client, "error", { code: "spectator", message: "spectators cannot act in a battle", stateId });
    return true;
  }

  /**
   * The battle's listing with its current turn and spectator count, or null when unchanged or not watchable. A
   * new spectator count is listed at once; a new turn alone at most every LISTING_TURN_REFRESH_MS, because each
   * listing update is a write to the cluster's room listings (one per turn of every watchable battle otherwise).
   */
  listing<M extends { turn?: unknown; spectators?: unknown }>(
    metadata: M | undefined,
    turn: number,
    now: number,
  ): (M & { turn: number; spectators: number }) | null {
    if (!this.allowed) return null;
    const spectatorsChanged = metadata?.spectators !== this.clients.size;
    const turnDue = metadata?.turn !== turn && now - this.turnListedAt >= LISTING_TURN_REFRESH_MS;
    if (!spectatorsChanged && !turnDue) return null;
    this.turnListedAt = now;
    return { ...(metadata as M), turn, spectators: this.clients.size };
  }

  /** True when the client was a spectator. */
  remove(client: Client): boolean {
    if (!this.clients.delete(client)) return false;
    this.state.spectators = this.clients.size;
    return true;
  }
}
