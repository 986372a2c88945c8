import { z } from "zod";
import type { Intent } from "../game";

const entityId = z.string().min(1).max(32);
const stateId = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);

/**
 * An optional field: absent, or `null` (what C# and Java serializers write for an unset field), means
 * "not given". parseIntentMessage drops null (and undefined) values, so the engine never sees them.
 */
const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional();
const typeOf = <T extends string>(type: T) => optional(z.literal(type));

/** What a client may send, by message type. `stateId` is the state the intent was chosen against. */
export const intentMessages = {
  mulligan: z
    .strictObject({
      type: typeOf("mulligan"),
      stateId,
      replace: z.array(entityId).max(10).describe("hand entity ids to replace; [] keeps the hand"),
    })
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
    .strictObject({
      type: typeOf("attack"),
      stateId,
      attacker: entityId.describe("your minion"),
      target: entityId.describe("entity id or hero:N"),
    })
    .describe("attack with one of your minions"),
  end_turn: z.strictObject({ type: typeOf("end_turn"), stateId }).describe("end your turn"),
  concede: z
    .strictObject({ type: typeOf("concede"), stateId: optional(stateId) })
    .describe("give up (accepted at any time)"),
} as const;

export type IntentMessageType = keyof typeof intentMessages;

export type ParsedIntent = { ok: true; intent: Intent; stateId: number | null } | { ok: false; message: string };

/*
 * Hot-path pre-check, compiled from the zod shapes above (so zod stays the one definition): it accepts only
 * messages zod accepts and builds exactly what parseIntentWithZod returns (same keys, same order, arrays
 * copied, absent/null optional fields left out). Anything it does not recognise — every invalid message, and
 * any unusual but perhaps valid one — goes to zod, which decides and words the error. compileShape() throws
 * at load on a zod construct it does not know, so a schema change cannot silently make the two disagree.
 */
type Check = (value: unknown) => boolean;

interface FastField {
  key: string;
  check: Check;
  optional: boolean;
  copy?: (value: unknown) => unknown;
}

type ZodInternals = {
  _zod: {
    def: {
      type: string;
      innerType?: ZodInternals;
      element?: ZodInternals;
      values?: unknown[];
      checks?: Array<{ _zod: { def: ZodCheckDef } }>;
    };
  };
};
type ZodCheckDef = {
  check: string;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
  format?: string;
};

function unsupported(what: string): never {
  throw new Error(`intent pre-check: cannot compile ${what}; teach compileCheck() or drop the pre-check`);
}

/** The checks zod runs on a string, number or array, as one predicate on an already type-checked value. */
function compileRefinements(schema: ZodInternals, measure: (v: never) => number): Check[] {
  const out: Check[] = [];
  for (const {
    _zod: { def },
  } of schema._zod.def.checks ?? []) {
    const { check } = def;
    if (check === "min_length") out.push((v) => measure(v as never) >= def.minimum!);
    else if (check === "max_length") out.push((v) => measure(v as never) <= def.maximum!);
    else if (check === "greater_than")
      out.push(def.inclusive ? (v) => (v as number) >= def.value! : (v) => (v as number) > def.value!);
    else if (check === "less_than")
      out.push(def.inclusive ? (v) => (v as number) <= def.value! : (v) => (v as number) < def.value!);
    else if (check === "number_format" && def.format === "safeint") out.push((v) => Number.isSafeInteger(v));
    else unsupported(`the check ${check}${def.format ? ` (${def.format})` : ""}`);
  }
  return out;
}

function all(type: Check, refinements: Check[]): Check {
  const [a, b, c, d] = refinements;
  switch (refinements.length) {
    case 0:
      return type;
    case 1:
      return (v) => type(v) && a(v);
    case 2:
      return (v) => type(v) && a(v) && b(v);
    case 3:
      return (v) => type(v) && a(v) && b(v) && c(v);
    case 4:
      return (v) => type(v) && a(v) && b(v) && c(v) && d(v);
    default:
      return (v) => type(v) && refinements.every((r) => r(v));
  }
}

function compileCheck(schema: ZodInternals): Check {
  const { def } = schema._zod;
  switch (def.type) {
    case "string":
      return all(
        (v) => typeof v === "string",
        compileRefinements(schema, (v: string) => v.length),
      );
    case "number":
      return all(
        (v) => typeof v === "number" && Number.isFinite(v),
        compileRefinements(schema, (v: number) => v),
      );
    case "literal": {
      const values = def.values ?? [];
      if (values.length !== 1) unsupported("a literal with several values");
      const [value] = values;
      return (v) => v === value;
    }
    case "array": {
      const element = compileCheck(def.element!);
      const isArray = (v: unknown): boolean => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      };
      return all(
        isArray,
        compileRefinements(schema, (v: unknown[]) => v.length),
      );
    }
    default:
      return unsupported(`a ${def.type} field`);
  }
}

/** One field: optional when wrapped in optional() or nullable() (null and absent both mean "not given"). */
function compileField(key: string, schema: ZodInternals): FastField {
  let inner = schema;
  let optional = false;
  while (inner._zod.def.type === "optional" || inner._zod.def.type === "nullable") {
    optional = true;
    inner = inner._zod.def.innerType!;
  }
  const field: FastField = { key, check: compileCheck(inner), optional };
  if (inner._zod.def.type === "array") field.copy = (v) => (v as unknown[]).slice();
  return field;
}

/** Field lists in the same order as the zod shapes (zod's output follows shape order). */
export function compileShape(schema: z.ZodObject): FastField[] {
  const def = (schema as unknown as ZodInternals)._zod.def as { catchall?: ZodInternals };
  if (def.catchall?._zod.def.type !== "never") unsupported("an object that is not strict");
  return Object.entries(schema.shape).map(([key, field]) => compileField(key, field as unknown as ZodInternals));
}

const fastShapes = Object.fromEntries(
  Object.entries(intentMessages).map(([type, schema]) => [type, compileShape(schema as z.ZodObject)]),
) as Record<IntentMessageType, FastField[]>;
const fastKeys = Object.fromEntries(
  Object.entries(fastShapes).map(([type, fields]) => [type, new Set(fields.map((f) => f.key))]),
) as Record<IntentMessageType, Set<string>>;

/**
 * What parseIntentWithZod returns, when the pre-check can vouch for the message; undefined to let zod
 * decide. The intent is zod's output minus `stateId` and minus null/undefined values, with `type` set
 * (in the position zod's output had it, else last).
 */
export function fastParse(type: IntentMessageType, payload: unknown): ParsedIntent | undefined {
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
