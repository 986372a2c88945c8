import assert from "node:assert/strict";
import { MessageBudget } from "../../src/rooms/message-budget";

describe("message budget (per-client flood guard)", () => {
  it("allows a burst of twice the rate, then refuses until time refills it", () => {
    let now = 0;
    const budget = new MessageBudget(20, 40, () => now);
    const first = Array.from({ length: 50 }, () => budget.take());
    assert.equal(first.filter(Boolean).length, 40);
    assert.equal(budget.take(), false);
    now += 500; // half a second refills 10 messages
    assert.equal(Array.from({ length: 15 }, () => budget.take()).filter(Boolean).length, 10);
  });

  it("never lets a steady rate above the budget through", () => {
    let now = 0;
    const budget = new MessageBudget(20, 40, () => now);
    let allowed = 0;
    for (let i = 0; i < 1000; i++) {
      now += 10; // 100 messages per second for 10 seconds
      if (budget.take()) allowed++;
    }
    assert.ok(allowed <= 20 * 10 + 40, `allowed ${allowed}`);
    assert.ok(allowed >= 20 * 10, `allowed ${allowed}`);
  });
});
