import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../src/config";
import { webSocketTransportOptions } from "../src/server";

describe("WebSocket ping settings", () => {
  it("pings every 10 s and closes after 2 unanswered pings by default", () => {
    const options = webSocketTransportOptions(loadConfig({}));
    assert.deepEqual(options, { maxPayload: 8 * 1024, pingInterval: 10_000, pingMaxRetries: 2 });
  });

  it("takes WS_PING_INTERVAL_MS and WS_PING_MAX_RETRIES, 0 turning pings off", () => {
    assert.deepEqual(webSocketTransportOptions(loadConfig({ WS_PING_INTERVAL_MS: "3000", WS_PING_MAX_RETRIES: "4" })), {
      maxPayload: 8 * 1024,
      pingInterval: 3000,
      pingMaxRetries: 4,
    });
    assert.equal(webSocketTransportOptions(loadConfig({ WS_PING_INTERVAL_MS: "0" })).pingInterval, 0);
  });

  for (const [variable, value] of [
    ["WS_PING_INTERVAL_MS", "-1"],
    ["WS_PING_INTERVAL_MS", "10s"],
    ["WS_PING_INTERVAL_MS", "600001"],
    ["WS_PING_MAX_RETRIES", "0"],
  ] as const) {
    it(`refuses ${variable}=${value}, naming the variable`, () => {
      assert.throws(
        () => loadConfig({ [variable]: value }),
        (err: unknown) => err instanceof ConfigError && err.variable === variable,
      );
    });
  }
});
