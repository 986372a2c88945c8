import { z } from "zod";

/** Join options of the `queue` room. Unknown keys are ignored. */
export const queueJoinOptions = z.looseObject({
  deckId: z.string().min(1).max(64).optional(),
});

/** `cancel` carries no payload (an empty object is tolerated). */
export const cancelMessage = z.union([z.undefined(), z.null(), z.strictObject({})]);

export type QueueErrorCode = "bad_request" | "invalid_deck" | "no_deck" | "no_profile" | "in_battle" | "unknown_message" | "unavailable" | "queue_lost" | "internal";

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
} as const;
