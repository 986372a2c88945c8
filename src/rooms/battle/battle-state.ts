import { schema, t, type SchemaType } from "@colyseus/schema";

export const MinionState = schema(
  {
    id: t.string(),
    card: t.string(),
    attack: t.int16(),
    health: t.int16(),
    maxHealth: t.int16(),
    keywords: t.array("string"),
    sick: t.boolean(),
    frozen: t.boolean(),
    silenced: t.boolean(),
    attacks: t.uint8(),
  },
  "MinionState",
);
export type MinionState = SchemaType<typeof MinionState>;

export const HandCardState = schema({ id: t.string(), card: t.string(), cost: t.uint8() }, "HandCardState");
export type HandCardState = SchemaType<typeof HandCardState>;

export const HandState = schema({ cards: t.array(HandCardState) }, "HandState");
export type HandState = SchemaType<typeof HandState>;

export const BattlePlayerState = schema(
  {
    seat: t.uint8(),
    steamId: t.string(),
    connected: t.boolean(),
    health: t.int16(),
    maxHealth: t.int16(),
    armor: t.int16(),
    heroFrozen: t.boolean(),
    mana: t.uint8(),
    maxMana: t.uint8(),
    handCount: t.uint8(),
    deckCount: t.uint8(),
    fatigue: t.uint8(),
    mulliganed: t.boolean(),
    consecutiveTimeouts: t.uint8(),
    board: t.array(MinionState),
    // Only the owner's StateView contains this player instance, so only the owner receives the hand.
    hand: t.ref(HandState).view(),
  },
  "BattlePlayerState",
);
export type BattlePlayerState = SchemaType<typeof BattlePlayerState>;

export const BattleState = schema(
  {
    matchId: t.string(),
    phase: t.string(),
    turn: t.uint16(),
    currentSeat: t.int8(),
    turnDeadline: t.float64(),
    stateId: t.uint32(),
    winnerSeat: t.int8(),
    endReason: t.string(),
    players: t.array(BattlePlayerState),
    /** Spectators watching now (src/rooms/battle/spectators.ts). */
    spectators: t.uint16(),
  },
  "BattleState",
);
export type BattleState = SchemaType<typeof BattleState>;
