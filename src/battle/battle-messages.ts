import { z } from "zod";
import { gameEventSchema } from "../game/event-schema";
import { intentMessages, type IntentMessageType } from "./intent-messages";
import { resultYouSchema } from "./participant-result";

/*
 * What the battle room sends (server → client). The room's senders are typed from these schemas and the
 * published protocol document (docs/protocol.schema.json, GET /protocol.json) is generated from them.
 */

const stateId = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1)
  .describe("the state this message belongs to");
const steamId = z
  .string()
  .regex(/^\d{17}$/)
  .describe("SteamID64 as a decimal string");
const seat = z.literal([0, 1]);

/** A legal action: a complete intent message (with its `type`), to be sent back unchanged. */
const legalAction = z
  .discriminatedUnion(
    "type",
    (Object.keys(intentMessages) as IntentMessageType[]).map((type) =>
      intentMessages[type].extend({ type: z.literal(type), stateId }),
    ) as unknown as [z.ZodObject, ...z.ZodObject[]],
  )
  .meta({ id: "LegalAction", description: "an intent you may send now, complete with its type and stateId" });

export const battleServerMessages = {
  legal: z
    .strictObject({ stateId, actions: z.array(legalAction) })
    .describe("what you may do now; answer with one action, unchanged: room.send(action.type, action)"),
  events: z
    .strictObject({ stateId, events: z.array(gameEventSchema) })
    .describe("what happened, in order, as this seat may see it"),
  error: z
    .strictObject({
      code: z
        .string()
        .describe(
          "not_started, game_over, invalid_message, stale_state, unknown_message, rate_limited, spectator (a spectator sent anything), or an engine code (docs/protocol.md)",
        ),
      message: z.string(),
      stateId,
    })
    .describe("your message was refused; nothing changed"),
  result: z
    .strictObject({
      matchId: z.uuid(),
      winner: steamId.nullable().describe("null for a draw"),
      winnerSeat: seat.nullable().describe("null for a draw"),
      reason: z.string().describe("hero_destroyed, draw, turn_limit, concede, afk, disconnect, banned"),
      pending: z
        .boolean()
        .describe("true when the result is parked in the outbox and written later; `you` is then all null"),
      you: resultYouSchema,
    })
    .describe("the battle is over (sent once; the room closes shortly after)"),
  cancelled: z
    .strictObject({ reason: z.literal("opponent_absent") })
    .describe("the opponent never arrived; join the queue again (your queue time is kept)"),
} as const;

export type BattleServerMessageType = keyof typeof battleServerMessages;
export type BattleServerMessage<T extends BattleServerMessageType> = z.infer<(typeof battleServerMessages)[T]>;

/** What a client may send: the intents, and `sync` (any payload, ignored). */
export const battleClientMessages = {
  ...intentMessages,
  sync: z
    .unknown()
    .describe("any payload (ignored): the server answers with your current `legal` list if you are to act"),
} as const;
