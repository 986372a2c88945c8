/**
 * Child process of bench/battle.ts: SDK clients that play battles (or talk to the echo room) from seat
 * reservations sent over IPC, so the server process's CPU time excludes the clients'.
 */
import { ColyseusSDK, type Room } from "@colyseus/sdk";
import { chooseAction, seededRandom } from "../loadtest/legal-bot";

interface Job {
  kind: "battle" | "echo";
  endpoint: string;
  /** a seat reservation and, for a battle seat, its player's access token */
  reservations: Array<{ reservation: any; token?: string }>;
  paceMs: number;
  /** echo only: how many messages each client sends */
  messagesPerClient?: number;
}

function playBattle(room: Room, seed: number, paceMs: number): Promise<number> {
  const random = seededRandom(seed);
  let sent = 0;
  return new Promise((resolve) => {
    room.onMessage("legal", (msg: { actions: any[] }) => {
      const pick = chooseAction(msg.actions, random);
      if (!pick) return;
      setTimeout(() => {
        sent++;
        room.send(pick.type, pick);
      }, paceMs);
    });
    room.onMessage("events", () => undefined);
    room.onMessage("error", () => undefined);
    room.onMessage("result", () => resolve(sent));
  });
}

function echo(room: Room, count: number, paceMs: number): Promise<number> {
  let received = 0;
  return new Promise((resolve) => {
    room.onMessage("echo", () => {
      received++;
      if (received >= count) return resolve(received);
      setTimeout(() => room.send("echo", { n: received, payload: "x".repeat(40) }), paceMs);
    });
    room.send("echo", { n: 0, payload: "x".repeat(40) });
  });
}

process.on("message", async (job: Job) => {
  const rooms: Room[] = [];
  // Handlers go on as soon as each room is joined: the first `legal` follows the join immediately.
  const playing = await Promise.all(
    job.reservations.map(async ({ reservation, token }, i) => {
      const sdk = new ColyseusSDK(job.endpoint);
      if (token) sdk.auth.token = token;
      const room = await sdk.consumeSeatReservation(reservation);
      rooms.push(room);
      // Wrapped so Promise.all below waits for the joins, not for the games.
      return {
        game:
          job.kind === "battle" ? playBattle(room, i + 1, job.paceMs) : echo(room, job.messagesPerClient!, job.paceMs),
      };
    }),
  );
  process.send!({ type: "joined" });
  const counts = await Promise.all(playing.map((p) => p.game));
  process.send!({ type: "done", messages: counts.reduce((a, b) => a + b, 0) });
  await Promise.all(rooms.map((r) => r.leave().catch(() => undefined)));
  process.exit(0);
});
