import { z } from "zod";
import type { Intent } from "../game";

const entityId = z.string().min(1).max(32);
const stateId = z.number().int().min(0).max(2 ** 32 - 1);

/** What a client may send, by message type. `stateId` is the state the intent was chosen against. */
export const intentMessages = {
  mulligan: z.object({ type: z.literal("mulligan").optional(), stateId, replace: z.array(entityId).max(10) }).strict(),
  play: z
    .object({
      type: z.literal("play").optional(),
      stateId,
      card: entityId,
      target: entityId.optional(),
      position: z.number().int().min(0).max(7).optional(),
    })
    .strict(),
  attack: z.object({ type: z.literal("attack").optional(), stateId, attacker: entityId, target: entityId }).strict(),
  end_turn: z.object({ type: z.literal("end_turn").optional(), stateId }).strict(),
  concede: z.object({ type: z.literal("concede").optional(), stateId: stateId.optional() }).strict(),
} as const;

export type IntentMessageType = keyof typeof intentMessages;

export type ParsedIntent = { ok: true; intent: Intent; stateId: number | null } | { ok: false; message: string };

export function parseIntentMessage(type: IntentMessageType, payload: unknown): ParsedIntent {
  const parsed = intentMessages[type].safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `${issue.path.join(".") || type}: ${issue.message}` };
  }
  const { stateId: chosenAt, ...fields } = parsed.data as Record<string, unknown> & { stateId?: number };
  return { ok: true, intent: { ...fields, type } as Intent, stateId: chosenAt ?? null };
}
