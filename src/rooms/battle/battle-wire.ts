import { getMessageBytes, Protocol, type Client } from "@colyseus/core";
import { Encoder } from "@colyseus/schema";
import { eventsDifferBySeat, viewEvents, type GameEvent, type Seat } from "../../game";
import { seesHand, type Viewer } from "../../game/projection";
import type { BattleServerMessage, BattleServerMessageType } from "../../battle/battle-messages";
import type { BattleSession } from "../../battle/battle-session";
import { withCoalescedWrites } from "../coalesced-writes";
import { BattlePlayerState, BattleState, HandState } from "./battle-state";
import { syncBattleState } from "./sync-battle-state";

// A battle's full state encodes to ~2 KB; the 16 KB default buffer (two per room) dominated memory per
// battle. The encoder still grows the buffer if a state ever needs more.
Encoder.BUFFER_SIZE = 4 * 1024;

/**
 * Free bytes the encoder keeps past the shared patch before writing a StateView's changes (it grows its
 * buffer to `offset + Encoder.BUFFER_SIZE` otherwise). With the 4 KB buffer size above, the first view
 * patch doubled every room's shared buffer to 8 KB; a view's changes here (a hand) are a few hundred
 * bytes at most, so patches are encoded with this headroom instead and the buffer stays at 4 KB. Larger
 * patches still grow the buffer, in steps of this size.
 */
const PATCH_HEADROOM = 2 * 1024;

/** Sends a server → client message, typed by its schema in src/battle/battle-messages.ts. */
export function send<T extends BattleServerMessageType>(
  client: Client,
  type: T,
  payload: BattleServerMessage<T>,
): void {
  client.send(type, payload);
}

/** What the wire needs of the room: its clients and its patch broadcast. */
export interface PatchingRoom {
  clients: Iterable<Client>;
  broadcastPatch(): boolean;
}

/**
 * The battle as Colyseus carries it: the schema state, kept in step with the session, and the per-seat
 * messages (events, legal lists), written to each socket once per change.
 */
export class BattleWire {
  readonly state: BattleState;

  constructor(
    private readonly room: PatchingRoom,
    private readonly session: BattleSession<Client>,
    /** Spectators get the patches (their StateView holds no hand) and the spectator's view of the events. */
    private readonly spectators: () => Iterable<Client> = () => [],
  ) {
    const state = new BattleState();
    state.matchId = session.matchId;
    state.winnerSeat = -1;
    session.seats.forEach((_seat, seat) => {
      const player = new BattlePlayerState();
      player.seat = seat;
      // No identity before both players are in (dodging): the SteamIDs appear when the game starts.
      player.steamId = "";
      player.hand = new HandState();
      state.players.push(player);
    });
    syncBattleState(state, session.engine, session);
    this.state = state;
  }

  /** The players whose `.view()` fields (the hand) a seat's StateView receives: those whose hand it sees. */
  viewedBy(viewer: Viewer): BattlePlayerState[] {
    return ([0, 1] as Seat[])
      .filter((owner) => seesHand(viewer, owner))
      .map((owner) => this.state.players[owner] as BattlePlayerState);
  }

  /** Syncs the state, sends the patch, then each seat's filtered events (and `legal` lists), in one write per client. */
  publish(events: GameEvent[], withLegal: boolean): void {
    syncBattleState(this.state, this.session.engine, this.session);
    if (this.session.started) {
      for (const [seat, s] of this.session.seats.entries())
        (this.state.players[seat] as BattlePlayerState).steamId = s.steamId;
    }
    withCoalescedWrites(this.room.clients, () => {
      const bufferSize = Encoder.BUFFER_SIZE;
      Encoder.BUFFER_SIZE = PATCH_HEADROOM;
      try {
        this.room.broadcastPatch();
      } finally {
        Encoder.BUFFER_SIZE = bufferSize;
      }
      if (events.length > 0) this.sendEvents(events);
      if (withLegal) {
        this.sendLegal(0);
        this.sendLegal(1);
      }
    });
  }

  /** The seat's `legal` list alone (after `sync` or a reconnection), if it is theirs to act. */
  resendLegal(client: Client, seat: Seat): void {
    withCoalescedWrites([client], () => this.sendLegal(seat));
  }

  /**
   * Each seat's view of the events. When no event is filtered per seat (no draw, given card or mulligan),
   * both views are the same message: it is encoded once and the same bytes go to both clients.
   */
  private sendEvents(events: GameEvent[]): void {
    const first = this.session.seats[0].connection;
    const second = this.session.seats[1].connection;
    const stateId = this.session.stateId;
    if (first && second && !eventsDifferBySeat(events)) {
      const message: BattleServerMessage<"events"> = { stateId, events: viewEvents(events, 0) };
      const bytes = getMessageBytes.raw(Protocol.ROOM_DATA, "events", message);
      first.enqueueRaw(bytes);
      second.enqueueRaw(bytes);
      for (const spectator of this.spectators()) spectator.enqueueRaw(bytes);
      return;
    }
    if (first) send(first, "events", { stateId, events: viewEvents(events, 0) });
    if (second) send(second, "events", { stateId, events: viewEvents(events, 1) });
    let spectatorBytes: Uint8Array | null = null;
    for (const spectator of this.spectators()) {
      spectatorBytes ??= getMessageBytes.raw(Protocol.ROOM_DATA, "events", {
        stateId,
        events: viewEvents(events, "spectator"),
      });
      spectator.enqueueRaw(spectatorBytes);
    }
  }

  private sendLegal(seat: Seat): void {
    const client = this.session.seats[seat].connection;
    if (!client) return;
    const actions = this.session.legalFor(seat);
    if (actions) send(client, "legal", { stateId: this.session.stateId, actions });
  }
}
