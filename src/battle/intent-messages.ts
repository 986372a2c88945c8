import { z } from "zod";
import type { Intent } from "../game";

const entityId = z.string().min(1).max(32);
const stateId = z.number().int().min(0).max(2 ** 32 - 1);

/**
 * An optional field: absent, or `null` (what C# and Java serializers write for an unset field), means
 * "not given". parseIntentMessage drops null (and undefined) values, so the engine never sees them.
 */
const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional();
const typeOf = <T extends string>(type: T) => optional(z.literal(type));

/** What a client may send, by message type. `stateId` is the state the intent was chosen against. */
export const intentMessages = {
  mulligan: z
    .strictObject({ type: typeOf("mulligan"), stateId, replace: z.array(entityId).max(10).describe("hand entity ids to replace; [] keeps the hand") })
    .describe("keep or replace cards of the opening hand (both seats at once)"),
  play: z
    .strictObject({
      type: typeOf("play"),
      stateId,
      card: entityId.describe("hand entity id"),
      target: optional(entityId.describe("entity id or hero:N, when the card takes a target")),
      position: optional(z.number().int().min(0).max(7).describe("board position, for minions")),
    })
    .describe("play a card from your hand"),
  attack: z
    .strictObject({ type: typeOf("attack"), stateId, attacker: entityId.describe("your minion"), target: entityId.describe("entity id or hero:N") })
    .describe("attack with one of your minions"),
  end_turn: z.strictObject({ type: typeOf("end_turn"), stateId }).describe("end your turn"),
  concede: z.strictObject({ type: typeOf("concede"), stateId: optional(stateId) }).describe("give up (accepted at any time)"),
} as const;

export type IntentMessageType = keyof typeof intentMessages;

export type ParsedIntent = { ok: true; intent: Intent; stateId: number | null } | { ok: false; message: string };

/*
 * Hot-path pre-check: a hand-written test that accepts only messages the zod schema above accepts, and
 * builds exactly what parseIntentWithZod returns (same keys, same order, arrays copied, absent/null
 * optional fields left out). Anything it does not
 * recognise — every invalid message, and any unusual but perhaps valid one — goes to zod, which decides
 * and words the error. So zod stays the single definition of what is valid.
 */
type Check = (value: unknown) => boolean;

const isEntityId: Check = (v) => typeof v === "string" && v.length >= 1 && v.length <= 32;
const isStateId: Check = (v) => typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 2 ** 32 - 1;
const isPosition: Check = (v) => typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 7;
const isReplace: Check = (v) => {
  if (!Array.isArray(v) || v.length > 10) return false;
  for (let i = 0; i < v.length; i++) if (!isEntityId(v[i])) return false;
  return true;
};

interface FastField {
  key: string;
  check: Check;
  optional: boolean;
  copy?: (value: unknown) => unknown;
}

function literal(type: string): FastField {
  return { key: "type", check: (v) => v === type, optional: true };
}

/** Field lists in the same order as the zod shapes (zod's output follows shape order). */
const fastShapes: Record<IntentMessageType, FastField[]> = {
  mulligan: [
    literal("mulligan"),
    { key: "stateId", check: isStateId, optional: false },
    { key: "replace", check: isReplace, optional: false, copy: (v) => (v as unknown[]).slice() },
  ],
  play: [
    literal("play"),
    { key: "stateId", check: isStateId, optional: false },
    { key: "card", check: isEntityId, optional: false },
    { key: "target", check: isEntityId, optional: true },
    { key: "position", check: isPosition, optional: true },
  ],
  attack: [
    literal("attack"),
    { key: "stateId", check: isStateId, optional: false },
    { key: "attacker", check: isEntityId, optional: false },
    { key: "target", check: isEntityId, optional: false },
  ],
  end_turn: [literal("end_turn"), { key: "stateId", check: isStateId, optional: false }],
  concede: [literal("concede"), { key: "stateId", check: isStateId, optional: true }],
};
const fastKeys = Object.fromEntries(
  Object.entries(fastShapes).map(([type, fields]) => [type, new Set(fields.map((f) => f.key))]),
) as Record<IntentMessageType, Set<string>>;

/**
 * What parseIntentWithZod returns, when the pre-check can vouch for the message; undefined to let zod
 * decide. The intent is zod's output minus `stateId` and minus null/undefined values, with `type` set
 * (in the position zod's output had it, else last).
 */
function fastParse(type: IntentMessageType, payload: unknown): ParsedIntent | undefined {
  if (typeof payload !== "object" || payload === null) return undefined;
  const proto = Object.getPrototypeOf(payload);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const input = payload as Record<string, unknown>;
  const allowed = fastKeys[type];
  for (const key in input) if (!allowed.has(key)) return undefined;
  const intent: Record<string, unknown> = {};
  let chosenAt: number | undefined;
  let hasType = false;
  for (const field of fastShapes[type]) {
    const value = input[field.key];
    if (value === undefined || value === null) {
      // Absent, undefined or null: "not given" for an optional field; zod words the error otherwise.
      if (field.optional) continue;
      return undefined;
    }
    if (!field.check(value)) return undefined;
    if (field.key === "stateId") chosenAt = value as number | undefined;
    else if (field.key === "type") {
      intent.type = type;
      hasType = true;
    } else intent[field.key] = field.copy ? field.copy(value) : value;
  }
  if (!hasType) intent.type = type;
  return { ok: true, intent: intent as Intent, stateId: chosenAt ?? null };
}

/** The definition: zod decides, words the error, and null/undefined optional fields are dropped. */
export function parseIntentWithZod(type: IntentMessageType, payload: unknown): ParsedIntent {
  const parsed = intentMessages[type].safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `${issue.path.join(".") || type}: ${issue.message}` };
  }
  const { stateId: chosenAt, ...fields } = parsed.data as Record<string, unknown> & { stateId?: number | null };
  const intent: Record<string, unknown> = {};
  for (const key in fields) if (fields[key] !== null && fields[key] !== undefined) intent[key] = fields[key];
  intent.type = type;
  return { ok: true, intent: intent as Intent, stateId: chosenAt ?? null };
}

export function parseIntentMessage(type: IntentMessageType, payload: unknown): ParsedIntent {
  return fastParse(type, payload) ?? parseIntentWithZod(type, payload);
}
