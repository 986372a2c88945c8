/**
 * `npm run steam-stub` — runs the Steam stub in the foreground. See docs/steam.md.
 *
 * Env: STEAM_STUB_PORT (default 8788), STEAM_STUB_HOST (default 127.0.0.1),
 *      STEAM_STUB_API_KEY (default: any non-empty key), STEAM_STUB_APP_ID (default 480).
 */
import { preseededTicket, startSteamStub, STUB_DEFAULT_APP_ID } from "./steam-stub";

function intFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`${name} must be an integer in ${min}..${max} (got ${JSON.stringify(raw)})`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const port = intFromEnv("STEAM_STUB_PORT", 8788, 0, 65535);
  const appId = intFromEnv("STEAM_STUB_APP_ID", STUB_DEFAULT_APP_ID, 1, 0xffffffff);
  const host = process.env.STEAM_STUB_HOST || "127.0.0.1";
  const apiKey = process.env.STEAM_STUB_API_KEY || undefined;

  const stub = await startSteamStub({ port, host, appId, apiKey });
  const example = "76561197960287930";
  console.log(`Steam stub listening on ${stub.url}`);
  console.log(`  appid ${appId}; key: ${apiKey ? "STEAM_STUB_API_KEY (set)" : "any non-empty key"}`);
  console.log(
    `  issue a ticket: curl -s -XPOST ${stub.url}/stub/tickets -H 'content-type: application/json' -d '{"steamId":"${example}"}'`,
  );
  console.log(
    `  change mode:    curl -s -XPOST ${stub.url}/stub/mode -H 'content-type: application/json' -d '{"kind":"status","status":503}'`,
  );
  console.log(`  pre-seeded ticket for ${example}: ${preseededTicket(example)}`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Steam stub`);
    stub.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  console.error("Steam stub failed to start:", err instanceof Error ? err.message : err);
  process.exit(1);
});
