import { z } from "zod";
import { PLAY_MODES } from "../battle/play-mode";

/** Join options of the `queue` room. Unknown keys are ignored. */
export const queueJoinOptions = z.looseObject({
  deckId: z.string().min(1).max(64).optional(),
  mode: z.enum(PLAY_MODES).optional().describe("ranked (default), casual, or challenge (with code)"),
  code: z.string().min(1).max(16).optional().describe("the friend challenge's code (mode challenge)"),
});
export type QueueJoinOptions = z.infer<typeof queueJoinOptions>;

/**
 * No payload. Sent without one, a message's payload is absent (undefined); the protocol document describes
 * that as `null`, which is also accepted.
 */
const noPayload = z.null().describe("no payload");

/** What a client may send to the `queue` room. */
export const queueClientMessages = {
  /** `cancel` carries no payload (an empty object is tolerated). */
  cancel: z
    .union([noPayload, z.strictObject({})])
    .describe("leave the queue; the server then closes the connection (1000)"),
} as const;

export const QUEUE_ERROR_CODES = [
  "bad_request",
  "invalid_deck",
  "no_deck",
  "no_profile",
  "invalid_challenge",
  "in_battle",
  "unknown_message",
  "unavailable",
  "queue_lost",
  "internal",
  "banned",
  "session_revoked",
  "dodge_cooldown",
] as const;
export type QueueErrorCode = (typeof QUEUE_ERROR_CODES)[number];

/** A Colyseus seat reservation, to be passed unchanged to `client.consumeSeatReservation()`. */
const seatReservation = z
  .looseObject({
    name: z.literal("battle"),
    sessionId: z.string(),
    roomId: z.string(),
    processId: z.string().optional(),
    publicAddress: z.string().optional().describe("host[:port][/path] of the process to connect to, when set"),
    reconnectionToken: z.string().optional(),
    devMode: z.boolean().optional(),
  })
  .meta({ id: "SeatReservation", description: "pass unchanged to client.consumeSeatReservation() within 15 s" });
export type SeatReservation = z.infer<typeof seatReservation>;

/** What the `queue` room sends (server → client); QueueConnection.send is typed from these. */
export const queueServerMessages = {
  queued: z
    .strictObject({
      rating: z.number(),
      enqueuedAt: z.number().int().describe("ms since the epoch (kept across requeues and the 120 s priority)"),
      queueSize: z.number().int().min(0),
    })
    .describe("in the queue; sent again at most once a second when queueSize changed"),
  matched: z
    .strictObject({ reservation: seatReservation })
    .describe("a battle was created: leave the queue room and take the seat"),
  requeued: noPayload.describe("no payload: the opponent was gone; back in the queue with the original enqueuedAt"),
  replaced: noPayload.describe(
    "no payload: the same player joined the queue from another connection; this one is closed (4409)",
  ),
  error: z
    .strictObject({
      code: z.enum(QUEUE_ERROR_CODES),
      message: z.string(),
      retryAfter: z
        .number()
        .int()
        .min(1)
        .optional()
        .describe("dodge_cooldown: seconds until the player may queue again"),
    })
    .describe("refused; join errors are followed by a close (4400)"),
} as const;

export type QueueServerMessageType = keyof typeof queueServerMessages;
export type QueueServerMessage<T extends QueueServerMessageType> = z.infer<(typeof queueServerMessages)[T]>;
/** The arguments after the type: none for a message without payload. */
export type QueueServerPayload<T extends QueueServerMessageType> =
  QueueServerMessage<T> extends null ? [] : [QueueServerMessage<T>];

/** Close codes the queue room uses when it ends a connection itself. */
export const QueueCloseCode = {
  /** After `cancel`, or some seconds after `matched`. */
  DONE: 1000,
  /** After an `error` that ends the join (bad deck, no profile…). */
  REFUSED: 4400,
  /** After `replaced`: the same player joined the queue from another connection. */
  REPLACED: 4409,
  /** After `error { code: "unavailable" | "queue_lost" }`: the queue could not be reached or lost the ticket; join again. */
  UNAVAILABLE: 4503,
  /** After `error { code: "banned" | "session_revoked" }`: the player was banned or their session revoked. */
  BANNED: 4003,
} as const;
