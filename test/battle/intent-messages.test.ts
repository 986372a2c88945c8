import assert from "node:assert/strict";
import { z } from "zod";
import {
  compileShape,
  fastParse,
  intentMessages,
  parseIntentMessage,
  parseIntentWithZod,
  type IntentMessageType,
} from "../../src/battle/intent-messages";

/** Same result, same keys in the same order: the hand-written pre-check must agree with zod exactly. */
function assertAgree(type: IntentMessageType, payload: unknown): void {
  const fast = parseIntentMessage(type, payload);
  const zod = parseIntentWithZod(type, payload);
  assert.deepStrictEqual(fast, zod, `${type} ${JSON.stringify(payload)}`);
  if (fast.ok && zod.ok)
    assert.deepEqual(
      Object.keys(fast.intent),
      Object.keys(zod.intent),
      `key order for ${type} ${JSON.stringify(payload)}`,
    );
}

describe("intent messages (null-tolerant, strict)", () => {
  it("treats an optional field sent as null exactly like an absent one", () => {
    const cases: Array<[IntentMessageType, Record<string, unknown>, Record<string, unknown>]> = [
      ["play", { stateId: 4, card: "e3", target: null, position: null }, { stateId: 4, card: "e3" }],
      [
        "play",
        { type: null, stateId: 4, card: "e3", target: "hero:1", position: null },
        { stateId: 4, card: "e3", target: "hero:1" },
      ],
      [
        "play",
        { type: "play", stateId: 4, card: "e3", target: null, position: 2 },
        { type: "play", stateId: 4, card: "e3", position: 2 },
      ],
      [
        "attack",
        { type: null, stateId: 9, attacker: "e5", target: "hero:0" },
        { stateId: 9, attacker: "e5", target: "hero:0" },
      ],
      ["mulligan", { type: null, stateId: 0, replace: ["e1"] }, { stateId: 0, replace: ["e1"] }],
      ["end_turn", { type: null, stateId: 7 }, { stateId: 7 }],
      ["concede", { type: null, stateId: null }, {}],
    ];
    for (const [type, withNulls, without] of cases) {
      const a = parseIntentMessage(type, withNulls);
      const b = parseIntentMessage(type, without);
      assert.ok(a.ok, `${type} ${JSON.stringify(withNulls)}: ${!a.ok && a.message}`);
      assert.deepStrictEqual(a, b, `${type} ${JSON.stringify(withNulls)}`);
      assert.ok(!Object.values(a.intent).includes(null), "no null reaches the engine");
      assertAgree(type, withNulls);
    }
  });

  it("still refuses null for a required field, naming the field", () => {
    for (const [type, payload, field] of [
      ["end_turn", { stateId: null }, "stateId"],
      ["play", { stateId: 1, card: null }, "card"],
      ["attack", { stateId: 1, attacker: "e1", target: null }, "target"],
      ["mulligan", { stateId: 1, replace: null }, "replace"],
    ] as Array<[IntentMessageType, unknown, string]>) {
      const parsed = parseIntentMessage(type, payload);
      assert.equal(parsed.ok, false, `${type} ${JSON.stringify(payload)}`);
      assert.match(!parsed.ok ? parsed.message : "", new RegExp(`^${field}:`));
      assertAgree(type, payload);
    }
  });

  it("refuses unknown keys with an error that names the key (null-valued ones too)", () => {
    for (const [type, payload, key] of [
      ["play", { stateId: 1, card: "e1", seat: 1 }, "seat"],
      ["play", { stateId: 1, card: "e1", target: null, extra: null }, "extra"],
      ["end_turn", { stateId: 1, hack: true }, "hack"],
      ["concede", { nope: 1 }, "nope"],
    ] as Array<[IntentMessageType, unknown, string]>) {
      const parsed = parseIntentMessage(type, payload);
      assert.equal(parsed.ok, false);
      assert.ok(!parsed.ok && parsed.message.includes(`"${key}"`), !parsed.ok ? parsed.message : "");
      assertAgree(type, payload);
    }
  });

  it("refuses a type that does not match the message, and a wrongly typed optional field", () => {
    for (const [type, payload] of [
      ["play", { type: "attack", stateId: 1, card: "e1" }],
      ["play", { stateId: 1, card: "e1", position: "2" }],
      ["play", { stateId: 1, card: "e1", target: "" }],
      ["play", { stateId: 1, card: "e1", position: 8 }],
      ["concede", { stateId: -1 }],
    ] as Array<[IntentMessageType, unknown]>) {
      assert.equal(parseIntentMessage(type, payload).ok, false, JSON.stringify(payload));
      assertAgree(type, payload);
    }
  });

  it("the fast pre-check and zod agree on a generated mix of valid, null and invalid payloads", () => {
    const values = [
      undefined,
      null,
      0,
      3,
      7,
      8,
      -1,
      1.5,
      2 ** 32,
      "",
      "e1",
      "hero:0",
      "x".repeat(33),
      [],
      ["e1"],
      ["e1", 2],
      true,
      {},
    ];
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    let accepted = 0;
    for (let i = 0; i < 4000; i++) {
      const type = pick(Object.keys(intentMessages) as IntentMessageType[]);
      const keys = Object.keys(intentMessages[type].shape);
      const payload: Record<string, unknown> = {};
      for (const key of keys) {
        const roll = random();
        if (roll < 0.15) continue;
        if (key === "type") payload.type = pick([type, null, undefined, "other"]);
        else if (key === "stateId") payload.stateId = roll < 0.8 ? 5 : pick(values);
        else if (key === "replace") payload.replace = roll < 0.7 ? ["e1", "e2"] : pick(values);
        else if (key === "position") payload.position = roll < 0.6 ? pick([0, 3, 7]) : pick(values);
        else payload[key] = roll < 0.7 ? pick(["e1", "hero:1"]) : pick(values);
      }
      if (random() < 0.05) payload[pick(["seat", "x", "stateid"])] = pick(values);
      const parsed = parseIntentMessage(type, payload);
      if (parsed.ok) accepted++;
      assertAgree(type, payload);
    }
    assert.ok(accepted > 500 && accepted < 3500, `a useful mix (${accepted} of 4000 accepted)`);
  });

  it("the pre-check compiled from zod vouches for ordinary valid messages itself (it is not silently bypassed)", () => {
    const valid: Array<[IntentMessageType, Record<string, unknown>]> = [
      ["mulligan", { type: "mulligan", stateId: 0, replace: ["e1", "e2"] }],
      ["play", { type: "play", stateId: 4, card: "e3", target: "hero:1", position: 7 }],
      ["play", { stateId: 4, card: "e3", target: null }],
      ["attack", { type: "attack", stateId: 2 ** 32 - 1, attacker: "e5", target: "e9" }],
      ["end_turn", { type: "end_turn", stateId: 7 }],
      ["concede", {}],
    ];
    for (const [type, payload] of valid) {
      assert.deepStrictEqual(
        fastParse(type, payload),
        parseIntentWithZod(type, payload),
        `${type} ${JSON.stringify(payload)}`,
      );
    }
    for (const [type, payload] of [
      ["play", { stateId: 4, card: "x".repeat(33) }],
      ["play", { stateId: 4, card: "e1", position: 7.5 }],
      ["attack", { stateId: -1, attacker: "e5", target: "e9" }],
      ["end_turn", { stateId: 2 ** 32 }],
      ["mulligan", { stateId: 0, replace: new Array(11).fill("e1") }],
      ["mulligan", { stateId: 0, replace: [""] }],
      ["end_turn", { type: "play", stateId: 1 }],
    ] as Array<[IntentMessageType, unknown]>) {
      assert.equal(fastParse(type, payload), undefined, `left to zod: ${type} ${JSON.stringify(payload)}`);
      assert.equal(parseIntentMessage(type, payload).ok, false);
    }
  });

  it("refuses at load a zod construct the pre-check cannot mirror", () => {
    assert.throws(() => compileShape(z.strictObject({ id: z.string().regex(/^e\d+$/) })), /cannot compile the check/);
    assert.throws(() => compileShape(z.strictObject({ at: z.date() })), /cannot compile a date field/);
    assert.throws(() => compileShape(z.object({ id: z.string() })), /not strict/);
    assert.throws(() => compileShape(z.strictObject({ kind: z.literal(["a", "b"]) })), /several values/);
  });
});
