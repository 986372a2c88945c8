import assert from "node:assert/strict";
import { gameEventSchema } from "../../src/game/event-schema";
import { KEYWORDS, KW, keywordLabel, keywordList, keywordMask } from "../../src/game/keywords";

describe("keywords (one definition)", () => {
  it("keeps every existing bit: state hashes and replays depend on them (append new keywords at the end)", () => {
    assert.deepEqual(KW, {
      taunt: 1,
      charge: 2,
      rush: 4,
      divine_shield: 8,
      lifesteal: 16,
      poisonous: 32,
      stealth: 64,
      windfury: 128,
    });
  });

  it("gives every keyword a label and round-trips masks", () => {
    for (const k of KEYWORDS) assert.match(keywordLabel(k), /^[A-Z][a-z]+( [A-Z][a-z]+)*$/, k);
    assert.equal(keywordLabel("divine_shield"), "Divine Shield");
    assert.equal(keywordLabel("not_a_keyword"), "not_a_keyword");
    assert.deepEqual(keywordList(keywordMask(KEYWORDS)), KEYWORDS);
  });

  it("the protocol schema accepts exactly the defined keywords", () => {
    const ok = gameEventSchema.safeParse({ type: "keywords", target: "e1", keywords: KEYWORDS });
    assert.ok(ok.success, ok.success ? "" : ok.error.message);
    assert.equal(gameEventSchema.safeParse({ type: "keywords", target: "e1", keywords: ["flying"] }).success, false);
  });
});
