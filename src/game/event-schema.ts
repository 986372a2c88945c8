// The wire shape of every GameEvent. GameEvent (types.ts) is inferred from this schema, so the engine's
// events and the published protocol (docs/protocol.schema.json) cannot drift apart. Only type-imported
// by the engine: zod is loaded when the protocol document is built, never on the engine's hot path.
import { z } from "zod";
import { KEYWORDS } from "./keywords";
import type { Keyword } from "./types";

const seat = z.literal([0, 1]).describe("seat 0 or 1");
const entityId = z.string().describe("entity id (e.g. e17), or hero:0 / hero:1 for a hero");
const cardId = z.string().describe("card id (GET /api/cards)");
const opaque = z.string().describe("per-hand opaque id of a card, the only identity the opponent sees");
const keyword = z.enum(KEYWORDS as [Keyword, ...Keyword[]]);

const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S, description: string) =>
  z.strictObject({ type: z.literal(type), ...shape }).describe(description);

export const gameEventSchemas = [
  event(
    "mulligan",
    { seat, replaced: z.array(entityId), drawn: z.array(z.strictObject({ id: entityId, card: cardId })) },
    "your own mulligan: the hand entities you replaced and what you drew",
  ),
  event(
    "mulligan",
    { seat, count: z.number().int().min(0) },
    "the opponent's mulligan: only how many cards were replaced",
  ),
  event("game_start", { first: seat }, "the mulligan is over; `first` starts"),
  event("turn_start", { seat, turn: z.number().int().min(1) }, "a turn starts"),
  event("turn_end", { seat }, "a turn ends"),
  event(
    "draw",
    { seat, id: entityId.optional(), card: cardId.optional(), opaque },
    "a card drawn; `id` and `card` only for your own draws",
  ),
  event(
    "card_given",
    { seat, id: entityId.optional(), card: cardId.optional(), opaque },
    "a card put into a hand by an effect; `id` and `card` only for your own hand",
  ),
  event("burn", { seat, card: cardId }, "a card drawn into a full hand, destroyed"),
  event("fatigue", { seat, damage: z.number().int().min(1) }, "drew from an empty deck"),
  event(
    "play",
    {
      seat,
      id: entityId,
      card: cardId,
      opaque,
      target: entityId.optional(),
      position: z.number().int().min(0).optional(),
    },
    "a card was played from hand",
  ),
  event(
    "summon",
    { seat, id: entityId, card: cardId, position: z.number().int().min(0) },
    "a minion entered the board",
  ),
  event("attack", { attacker: entityId, target: entityId }, "an attack was declared"),
  event("damage", { target: entityId, amount: z.number().int() }, "damage dealt"),
  event("shield_break", { target: entityId }, "a divine shield absorbed damage"),
  event("heal", { target: entityId, amount: z.number().int() }, "health restored"),
  event("armor", { seat, amount: z.number().int() }, "hero armor gained"),
  event(
    "buff",
    { target: entityId, attack: z.number().int(), health: z.number().int(), thisTurn: z.boolean() },
    "stats changed",
  ),
  event("keywords", { target: entityId, keywords: z.array(keyword) }, "keywords gained"),
  event("freeze", { target: entityId }, "a character was frozen"),
  event("silence", { target: entityId }, "a minion was silenced"),
  event("destroy", { target: entityId }, "a minion was destroyed by an effect"),
  event("transform", { id: entityId, into: entityId, card: cardId }, "a minion was transformed"),
  event("death", { id: entityId, card: cardId, seat }, "a minion died"),
  event("mana_gain", { seat, amount: z.number().int() }, "mana crystals gained"),
  event("cap_reached", { cap: z.enum(["queue", "death_passes"]) }, "an engine safety cap stopped a chain of effects"),
  event("game_over", { winner: seat.nullable(), reason: z.string() }, "the game ended; winner null for a draw"),
] as const;

export const gameEventSchema = z
  .union(gameEventSchemas)
  .meta({ id: "GameEvent", description: "one thing that happened; `type` says which" });
