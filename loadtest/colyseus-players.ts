/**
 * npm run loadtest:colyseus -- --endpoint ws://127.0.0.1:2567 --numClients 20 [--delay 50] [--ticket dev|stub]
 *   [--pace 100] [--first-steamid 76561198600000001] [--output loadtest.log]
 *
 * The same bot players as `npm run loadtest`, run by @colyseus/loadtest (its `cli(main)` form, with its live
 * terminal dashboard): each client logs in over HTTP, joins the `queue` room, consumes its `matched` seat
 * reservation, answers every `legal` with one of its actions (loadtest/legal-bot.ts) until the `result`, then
 * queues again — for as long as the tool runs (quit with q, Esc or Ctrl-C). It needs a terminal (TTY).
 *
 * Reading its numbers (docs/loadtest.md): "connected"/"disconnected" count `queue` room joins and leaves (one
 * per game per client); battle joins go through consumeSeatReservation(), which the tool does not count, so a
 * client in a battle shows as "disconnected" from the queue, and battle traffic is not in its byte counts.
 * Each finished battle is logged ("result ..."), and so is every error. For a JSON summary that exits on its
 * own (CI, benchmarks), use `npm run loadtest` instead.
 *
 * Tickets as in loadtest/ranked-players.ts: `dev` (server in STEAM_AUTH_MODE=dev) or `stub` (server whose
 * STEAM_API_BASE points at `npm run steam-stub`). Never point it at a production server.
 */
import { cli, type Options } from "@colyseus/loadtest";
import { Client, type Room } from "@colyseus/sdk";
import { chooseAction, type LegalAction } from "./legal-bot";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const ticketKind = arg("ticket", "dev");
const paceMs = Number(arg("pace", "100"));
const firstId = BigInt(arg("first-steamid", "76561198600000001"));

/** The HTTP base of a ws:// or wss:// endpoint (login is an HTTP route). */
function httpBase(endpoint: string): string {
  return endpoint.replace(/^ws(s?):\/\//, "http$1://").replace(/\/$/, "");
}

async function login(endpoint: string, steamId: string): Promise<string> {
  const ticket =
    ticketKind === "stub" ? Buffer.from(`stub:${steamId}:0:${Date.now()}`).toString("hex") : `dev:${steamId}`;
  const res = await fetch(`${httpBase(endpoint)}/auth/steam`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ticket }),
  });
  const body = (await res.json()) as { accessToken?: string; error?: { code: string } };
  if (!res.ok || !body.accessToken) throw new Error(`login ${res.status} ${body.error?.code}`);
  return body.accessToken;
}

/** Queue → `matched` → battle until `result` (or `cancelled`); false when the queue refused us. */
async function playOneGame(client: Client, roomName: string, label: string): Promise<boolean> {
  const queue = await client.joinOrCreate(roomName, {});
  const reservation = await new Promise<any>((resolve) => {
    queue.onMessage("queued", () => undefined);
    queue.onMessage("requeued", () => undefined);
    queue.onMessage("error", (e: { code: string; message: string }) => {
      console.error(`${label}: queue error ${e.code}: ${e.message}`);
      resolve(null);
    });
    queue.onMessage("replaced", () => resolve(null));
    queue.onMessage("matched", (msg: { reservation: unknown }) => resolve(msg.reservation));
    queue.onLeave(() => resolve(null));
  });
  if (!reservation) return false;
  const battle = await client.consumeSeatReservation(reservation as any);
  const ended = playBattle(battle, label);
  battle.send("sync", {});
  await queue.leave().catch(() => undefined);
  await ended;
  if (battle.connection.isOpen) await battle.leave().catch(() => undefined);
  return true;
}

function playBattle(room: Room, label: string): Promise<void> {
  return new Promise((resolve) => {
    room.onMessage("legal", (msg: { actions: LegalAction[] }) => {
      const pick = chooseAction(msg.actions, Math.random);
      if (pick) setTimeout(() => room.connection.isOpen && room.send(pick.type, pick), paceMs);
    });
    room.onMessage("events", () => undefined);
    room.onMessage("error", (e: { code: string }) => {
      if (e.code !== "stale_state") console.warn(`${label}: refused ${e.code}`);
    });
    room.onMessage("cancelled", () => {
      console.warn(`${label}: battle cancelled (opponent absent)`);
      resolve();
    });
    room.onMessage("result", (r: { matchId: string; reason: string; winner: string | null }) => {
      console.info(`${label}: result ${r.matchId} ${r.reason}`);
      resolve();
    });
    room.onLeave(() => resolve());
  });
}

/** One client: logs in, then plays game after game for as long as the tool runs. */
async function main(options: Options): Promise<void> {
  const steamId = String(firstId + BigInt(options.clientId));
  const label = `client ${options.clientId}`;
  const client = new Client(options.endpoint);
  client.auth.token = await login(options.endpoint, steamId);
  // Not awaited: the tool starts clients one after the other, each when main() returns.
  void (async () => {
    for (;;) {
      const played = await playOneGame(client, options.roomName ?? "queue", label).catch((err: unknown) => {
        console.error(`${label}: ${err instanceof Error ? err.message : String(err)}`);
        return false;
      });
      if (!played) await new Promise((r) => setTimeout(r, 1000));
    }
  })();
}

cli(main);
