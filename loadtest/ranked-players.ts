/**
 * npm run loadtest -- --endpoint http://127.0.0.1:2567 --players 100 --games 1 [--ticket dev|stub] [--pace 100]
 *
 * Bot players against a RUNNING server (one process or a cluster behind nginx): each logs in over HTTP, joins
 * the `queue` room, follows its `matched` seat reservation into a battle, answers every `legal` with one of its
 * actions (only what a real client sees), and goes back to the queue until it has played --games battles.
 * Prints progress to stderr and one JSON summary as the last stdout line. Bounded: --timeout seconds (300).
 *
 * --pace is the think time (ms) before each action: keep it above 1000 / BATTLE_MAX_MESSAGES_PER_SECOND (20/s
 * by default), or the room disconnects the bot for flooding, as it would a cheating client.
 *
 * Tickets: `dev` → `dev:<SteamID64>` (server in STEAM_AUTH_MODE=dev); `stub` → hex(`stub:<id>:<nonce>`) for a
 * server whose STEAM_API_BASE points at `npm run steam-stub`. Never point it at a production server.
 */
import { ColyseusSDK, type Room } from "@colyseus/sdk";
import { chooseAction } from "./legal-bot";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const endpoint = arg("endpoint", "http://127.0.0.1:2567").replace(/\/$/, "");
const players = Number(arg("players", "20"));
const gamesEach = Number(arg("games", "1"));
const ticketKind = arg("ticket", "dev");
const paceMs = Number(arg("pace", "100"));
const timeoutSeconds = Number(arg("timeout", "300"));
const firstId = BigInt(arg("first-steamid", "76561198500000001"));

const stats = {
  loggedIn: 0,
  queued: 0,
  matched: 0,
  battles: 0,
  results: 0,
  errors: 0,
  requeued: 0,
  cancelled: 0,
  waitMs: [] as number[],
};

function ticketFor(steamId: string, nonce: number): string {
  return ticketKind === "stub"
    ? Buffer.from(`stub:${steamId}:${nonce}:${Date.now()}`).toString("hex")
    : `dev:${steamId}`;
}

async function login(steamId: string, nonce: number): Promise<string> {
  const res = await fetch(`${endpoint}/auth/steam`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ticket: ticketFor(steamId, nonce) }),
  });
  const body = (await res.json()) as { accessToken?: string; error?: { code: string } };
  if (!res.ok || !body.accessToken) throw new Error(`login ${res.status} ${body.error?.code}`);
  return body.accessToken;
}

function playBattle(room: Room): Promise<void> {
  return new Promise((resolve) => {
    room.onMessage("legal", (msg: { actions: Array<{ type: string } & Record<string, unknown>> }) => {
      const pick = chooseAction(msg.actions, Math.random);
      if (pick) setTimeout(() => room.send(pick.type, pick), paceMs);
    });
    room.onMessage("events", () => undefined);
    room.onMessage("error", () => undefined);
    room.onMessage("cancelled", () => {
      stats.cancelled++;
      resolve();
    });
    room.onMessage("result", () => {
      stats.results++;
      resolve();
    });
    room.onLeave(() => resolve());
  });
}

async function queueOnce(sdk: ColyseusSDK): Promise<boolean> {
  const started = Date.now();
  const queue = await sdk.joinOrCreate("queue", {});
  const reservation = await new Promise<any>((resolve) => {
    queue.onMessage("queued", () => stats.queued++);
    queue.onMessage("requeued", () => stats.requeued++);
    queue.onMessage("error", () => {
      stats.errors++;
      resolve(null);
    });
    queue.onMessage("replaced", () => resolve(null));
    queue.onMessage("matched", (msg: { reservation: any }) => resolve(msg.reservation));
  });
  if (!reservation) return false;
  stats.matched++;
  stats.waitMs.push(Date.now() - started);
  const battle = await sdk.consumeSeatReservation(reservation);
  // Handlers first: the first `legal` follows the join at once. `sync` asks again in case it was missed.
  const played = playBattle(battle);
  battle.send("sync", {});
  await queue.leave().catch(() => undefined);
  stats.battles++;
  await played;
  await battle.leave().catch(() => undefined);
  return true;
}

async function player(index: number): Promise<void> {
  const steamId = String(firstId + BigInt(index));
  const sdk = new ColyseusSDK(endpoint);
  sdk.auth.token = await login(steamId, 0);
  stats.loggedIn++;
  for (let g = 0; g < gamesEach; g++) {
    if (!(await queueOnce(sdk).catch(() => (stats.errors++, false)))) break;
  }
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const progress = setInterval(
    () => process.stderr.write(`[loadtest] ${JSON.stringify({ ...stats, waitMs: undefined })}\n`),
    2000,
  );
  const deadline = new Promise<"timeout">((resolve) =>
    setTimeout(() => resolve("timeout"), timeoutSeconds * 1000).unref(),
  );
  const outcome = await Promise.race([
    Promise.all(Array.from({ length: players }, (_, i) => player(i).catch(() => void stats.errors++))),
    deadline,
  ]);
  clearInterval(progress);
  const waits = stats.waitMs.sort((a, b) => a - b);
  const pct = (p: number) =>
    waits.length ? waits[Math.min(waits.length - 1, Math.floor((p / 100) * waits.length))] : null;
  console.log(
    JSON.stringify({
      loadtest: "ranked-players",
      endpoint,
      players,
      gamesEach,
      timedOut: outcome === "timeout",
      seconds: Math.round((Date.now() - startedAt) / 100) / 10,
      ...stats,
      waitMs: undefined,
      queueToMatchP50Ms: pct(50),
      queueToMatchP99Ms: pct(99),
    }),
  );
  process.exit(outcome === "timeout" || stats.errors > 0 ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
