import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import {
  ClientState,
  enqueueClientRaw,
  getMessageBytes,
  LocalDriver,
  LocalPresence,
  matchMaker,
  Protocol,
  type Client,
} from "@colyseus/core";
import { Decoder } from "@colyseus/schema";
import { isToAct, legalActions, STARTER_DECKS, view, type Seat, type State } from "../../src/game";
import { wirePhase } from "../../src/game/projection";
import type { BattleSession } from "../../src/battle/battle-session";
import { battleRoomType, type BattleRoom } from "../../src/rooms/battle-room";
import type { BattleRoomDeps } from "../../src/rooms/battle/battle-room-deps";
import { BattleState } from "../../src/rooms/battle/battle-state";
import { seededRandom } from "../../loadtest/legal-bot";

/*
 * Plays seeded games through a real BattleRoom (its real schema encoder and StateViews) and decodes what each
 * seat's client receives with a real @colyseus/schema Decoder. After every action, each client's decoded state
 * must equal view(state, seat) of the engine state, normalised to the wire's shape. No sockets: a client here
 * is an in-process Colyseus Client whose frames go straight to its decoder, so 1,000 games fit in the time.
 */

const GAMES = Number(process.env.PROJECTION_FUZZ_GAMES ?? 1000);
const ROOM = "battle_projection_fuzz";

const deps: BattleRoomDeps = {
  settings: () => ({
    turnSeconds: 300,
    mulliganSeconds: 300,
    reconnectSeconds: 60,
    joinSeconds: 120,
    maxMessagesPerSecond: 1_000_000,
  }),
  loadDeck: async (steamId) => STARTER_DECKS[Number(steamId.at(-1)) % STARTER_DECKS.length].cards,
  recordResult: async () => ({ pending: true }),
  keepQueuePlace: async () => undefined,
  recordDodge: async () => undefined,
  markInBattle: async () => undefined,
  clearInBattle: async () => undefined,
  banList: { onEvent: () => () => undefined },
  // The seat binding's token check: this test's "token" is the player's SteamID (no sockets, no signing).
  authenticate: (token) => ({ steamId: String(token) }),
};

/** A seat's client: a Colyseus server-side Client whose outgoing frames a real Decoder reads. */
class DecodingClient {
  readonly state = new BattleState();
  readonly decoder = new Decoder(this.state);
  readonly client: Client & Record<string, unknown>;

  constructor(sessionId: string) {
    const self = this;
    const ref = new EventEmitter();
    this.client = {
      "~messages": undefined,
      ref,
      sessionId,
      state: ClientState.JOINING,
      reconnectionToken: "",
      _enqueuedMessages: [],
      _joinedAt: 0,
      readyState: 1,
      raw(data: Uint8Array) {
        self.receive(data);
      },
      enqueueRaw(data: Uint8Array, options?: unknown) {
        enqueueClientRaw(self.client as never, data, options as never);
      },
      send(type: string, message: unknown) {
        enqueueClientRaw(self.client as never, getMessageBytes.raw(Protocol.ROOM_DATA, type, message));
      },
      sendBytes() {},
      leave() {
        ref.emit("close");
      },
      close() {
        ref.emit("close");
      },
      error() {},
    } as unknown as Client & Record<string, unknown>;
  }

  private receive(data: Uint8Array): void {
    if (data[0] === Protocol.ROOM_STATE || data[0] === Protocol.ROOM_STATE_PATCH) {
      this.decoder.decode(data as Buffer, { offset: 1 });
    }
  }
}

function side(p: any, withHand: boolean) {
  return {
    seat: p.seat,
    hero: { health: p.health, maxHealth: p.maxHealth, armor: p.armor, frozen: p.heroFrozen },
    mana: p.mana,
    maxMana: p.maxMana,
    deckCount: p.deckCount,
    handCount: p.handCount,
    board: (p.board?.toArray() ?? []).map((m: any) => ({
      id: m.id,
      card: m.card,
      attack: m.attack,
      health: m.health,
      maxHealth: m.maxHealth,
      keywords: m.keywords.toArray(),
      sick: m.sick,
      frozen: m.frozen,
      silenced: m.silenced,
      attacks: m.attacks,
    })),
    fatigue: p.fatigue,
    mulliganed: p.mulliganed,
    hand: withHand
      ? (p.hand?.cards?.toArray() ?? []).map((c: any) => ({ id: c.id, card: c.card, cost: c.cost }))
      : p.hand === undefined
        ? "hidden"
        : "LEAKED",
  };
}

/** What a seat's client decoded, in view()'s shape (the wire has no `first`; its result is two fields). */
function decoded(client: DecodingClient, seat: Seat) {
  const s = client.state as any;
  const players = s.players.toArray();
  return {
    seat,
    phase: s.phase,
    turn: s.turn,
    current: s.currentSeat,
    result: { winner: s.winnerSeat, reason: s.endReason },
    you: side(players[seat], true),
    opponent: side(players[1 - seat], false),
  };
}

/** view(state, seat) in the wire's vocabulary: the opponent's hand is only its count there. */
function expected(state: State, seat: Seat) {
  const v = view(state, seat);
  const { first: _first, ...rest } = v;
  return {
    ...rest,
    phase: wirePhase(state),
    result: { winner: v.result?.winner ?? -1, reason: v.result?.reason ?? "" },
    you: { ...v.you, hero: { ...v.you.hero } },
    opponent: { ...v.opponent, hand: "hidden" },
  };
}

describe("projection fuzz: what each seat's client decodes is view(state, seat)", function () {
  this.timeout(180_000);

  before(async () => {
    await matchMaker.setup(new LocalPresence(), new LocalDriver());
    await matchMaker.accept();
    matchMaker.defineRoomType(ROOM, battleRoomType(deps));
  });
  after(async () => {
    await matchMaker.gracefullyShutdown().catch(() => undefined);
    matchMaker.removeRoomType(ROOM);
  });

  it(`${GAMES} seeded games, checked after every action`, async () => {
    let actions = 0;
    for (let game = 0; game < GAMES; game++) {
      const random = seededRandom(game + 1);
      const listing = await matchMaker.createRoom(ROOM, {
        players: [
          {
            steamId: `7656119800000${String(game).padStart(3, "0")}0`,
            deckId: "00000000-0000-4000-8000-000000000000",
            rating: 1500,
          },
          {
            steamId: `7656119800000${String(game).padStart(3, "0")}1`,
            deckId: "00000000-0000-4000-8000-000000000001",
            rating: 1500,
          },
        ],
        seed: `fuzz-${game}`,
      });
      // The room's internals (join, message dispatch, its session) are reached as a transport and a test do.
      const room = matchMaker.getLocalRoomById(listing.roomId) as BattleRoom as any;
      const clients: DecodingClient[] = [];
      for (const seat of [0, 1] as Seat[]) {
        const steamId = `7656119800000${String(game).padStart(3, "0")}${seat}`;
        const reservation = await matchMaker.reserveSeatFor(listing, {}, { steamId });
        const c = new DecodingClient(reservation.sessionId);
        await room._onJoin(c.client, { token: steamId });
        room._onMessage(c.client, Buffer.from([Protocol.JOIN_ROOM]));
        clients.push(c);
      }
      const session = room.session as BattleSession<Client>;
      const check = (after: string) => {
        for (const seat of [0, 1] as Seat[]) {
          assert.deepEqual(
            decoded(clients[seat], seat),
            expected(session.engine, seat),
            `game ${game}, seat ${seat}, after ${after}`,
          );
          assert.equal((clients[seat].state as any).stateId, session.stateId);
        }
      };
      try {
        check("both joined");
        while (!session.finished) {
          const toAct = ([0, 1] as Seat[]).filter((s) => isToAct(session.engine, s));
          const seat = toAct[Math.floor(random() * toAct.length)];
          const legal = legalActions(session.engine, seat).filter((a) => a.type !== "concede" || random() < 0.02);
          const action = legal[Math.floor(random() * legal.length)];
          const { type, ...payload } = action;
          room._onMessage(
            clients[seat].client,
            Buffer.from(getMessageBytes.raw(Protocol.ROOM_DATA, type, { ...payload, stateId: session.stateId })),
          );
          actions++;
          check(`${type} by seat ${seat}`);
        }
      } finally {
        // A failed check leaves a running game, which a graceful shutdown would wait for.
        if (!session.finished) await room.disconnect();
      }
    }
    assert.ok(actions > GAMES * 10, `${actions} actions`);
  });
});
