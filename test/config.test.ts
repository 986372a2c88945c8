import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../src/config";

describe("configuration", () => {
  it("has working defaults for a newcomer (embedded database, dev Steam login)", () => {
    const c = loadConfig({});
    assert.equal(c.PORT, 2567);
    assert.equal(c.DATABASE_URL, undefined);
    assert.equal(c.REDIS_URL, undefined);
    assert.equal(c.STEAM_AUTH_MODE, "dev");
    assert.equal(c.ACCESS_TOKEN_TTL, 900);
    assert.equal(c.REFRESH_TOKEN_TTL, 30 * 86400);
    assert.equal(c.STEAM_REJECT_VAC_BANNED, true);
    assert.equal(c.STEAM_DENY_VAC_BANNED, true);
    assert.equal(c.STEAM_DENY_PUBLISHER_BANNED, true);
    assert.equal(c.STEAM_FAMILY_SHARING, "allow");
    assert.equal(c.JWT_SECRET_GENERATED, true);
    assert.ok(c.JWT_SECRET.length >= 32);
  });

  it("parses durations and booleans", () => {
    const c = loadConfig({ ACCESS_TOKEN_TTL: "10m", REFRESH_TOKEN_TTL: "7d", STEAM_REJECT_VAC_BANNED: "false" });
    assert.equal(c.ACCESS_TOKEN_TTL, 600);
    assert.equal(c.REFRESH_TOKEN_TTL, 7 * 86400);
    assert.equal(c.STEAM_REJECT_VAC_BANNED, false);
    assert.equal(c.STEAM_DENY_VAC_BANNED, false, "the older name still decides when the new one is unset");
    assert.equal(
      loadConfig({ STEAM_REJECT_VAC_BANNED: "false", STEAM_DENY_VAC_BANNED: "true" }).STEAM_DENY_VAC_BANNED,
      true,
    );
  });

  it("switches to webapi mode when a Steam key is set", () => {
    const c = loadConfig({ STEAM_WEB_API_KEY: "k", STEAM_APP_ID: "480" });
    assert.equal(c.STEAM_AUTH_MODE, "webapi");
  });

  const bad: Array<[Record<string, string>, string]> = [
    [{ PORT: "http" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ REDIS_URL: "localhost:6379" }, "REDIS_URL"],
    [{ JWT_SECRET: "short" }, "JWT_SECRET"],
    [{ NODE_ENV: "production", STEAM_WEB_API_KEY: "k", STEAM_APP_ID: "480" }, "JWT_SECRET"],
    [{ NODE_ENV: "production", JWT_SECRET: "x".repeat(40), STEAM_AUTH_MODE: "dev" }, "STEAM_AUTH_MODE"],
    [{ NODE_ENV: "production", JWT_SECRET: "x".repeat(40) }, "STEAM_WEB_API_KEY"],
    [{ STEAM_AUTH_MODE: "webapi", STEAM_WEB_API_KEY: "k" }, "STEAM_APP_ID"],
    [{ ACCESS_TOKEN_TTL: "soon" }, "ACCESS_TOKEN_TTL"],
    [{ STEAM_REJECT_VAC_BANNED: "maybe" }, "STEAM_REJECT_VAC_BANNED"],
    [{ STEAM_AUTH_MODE: "magic" }, "STEAM_AUTH_MODE"],
    [
      { NODE_ENV: "production", JWT_SECRET: "x".repeat(40), STEAM_WEB_API_KEY: "k", STEAM_APP_ID: "480" },
      "STEAM_IDENTITY",
    ],
    [{ STEAM_FAMILY_SHARING: "maybe" }, "STEAM_FAMILY_SHARING"],
    [{ STEAM_DENY_PUBLISHER_BANNED: "maybe" }, "STEAM_DENY_PUBLISHER_BANNED"],
    [{ TOKEN_RATE_LIMIT_PER_MINUTE: "0" }, "TOKEN_RATE_LIMIT_PER_MINUTE"],
    [{ MM_BASE_WINDOW: "500", MM_MAX_WINDOW: "100" }, "MM_MAX_WINDOW"],
  ];
  for (const [env, variable] of bad) {
    it(`stops with one line naming ${variable} for ${JSON.stringify(env)}`, () => {
      assert.throws(
        () => loadConfig(env),
        (err: unknown) =>
          err instanceof ConfigError &&
          err.variable === variable &&
          !err.message.includes("\n") &&
          err.message.includes(variable),
      );
    });
  }
});

describe("public address per process", () => {
  it("fills {port} with PORT + NODE_APP_INSTANCE and accepts it in validation", async () => {
    const { publicAddressOf } = await import("../src/server");
    assert.equal(loadConfig({ PUBLIC_ADDRESS: "game.example.com/{port}" }).PUBLIC_ADDRESS, "game.example.com/{port}");
    assert.equal(loadConfig({ PUBLIC_ADDRESS: "10.0.0.5:{port}" }).PUBLIC_ADDRESS, "10.0.0.5:{port}");
    assert.equal(publicAddressOf("game.example.com/{port}", 2567, 2), "game.example.com/2569");
    assert.equal(publicAddressOf("10.0.0.5:{port}", 2567, 0), "10.0.0.5:2567");
    assert.equal(publicAddressOf("fixed.example.com", 2567, 3), "fixed.example.com");
    assert.equal(publicAddressOf(undefined, 2567, 0), undefined);
    assert.throws(() => loadConfig({ PUBLIC_ADDRESS: "wss://game.example.com" }), /PUBLIC_ADDRESS/);
  });
});
