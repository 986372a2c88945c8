import assert from "node:assert/strict";
import { battleMetrics } from "../../src/battle/battle-metrics";
import { Drain } from "../../src/lifecycle/drain";
import { CapturedOutput } from "../helpers/captured-output";
import { waitFor } from "../helpers/wait";

describe("drain progress log", () => {
  const output = new CapturedOutput();
  afterEach(() => output.stop());

  it("logs the start, the battles left at every interval, and the end; nothing after the end", async () => {
    const drain = new Drain(40);
    output.start();
    drain.start();
    assert.equal(drain.draining, true);
    await waitFor(() => output.entries().filter((e) => e.msg === "draining").length >= 2, "two progress lines", 5000);
    const progress = output.entries().filter((e) => e.msg === "draining");
    assert.equal(progress[0].battlesLeft, battleMetrics.battlesActive);
    assert.equal(typeof progress[0].seconds, "number");
    drain.finish();
    const count = output.entries().filter((e) => e.msg === "draining").length;
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(output.entries().filter((e) => e.msg === "draining").length, count, "no progress line after the end");
    const messages = output.entries().map((e) => e.msg);
    assert.equal(messages[0], "drain started: refusing matchmaking, waiting for running battles");
    assert.equal(messages.at(-1), "drain done");
  });
});
