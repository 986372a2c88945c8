/**
 * A load-generator process of bench/queue.ts. Driven over IPC: given players (Steam id + access token) and
 * a server endpoint, it joins each into the `queue` room (at most `joinConcurrency` joins in flight) and
 * records, per player, enqueue → `matched` (the `queued` message's `enqueuedAt`, stamped by the server,
 * to the arrival of the seat reservation; server and generator share the machine's clock) and the battle
 * room id of the reservation, then leaves the queue room. The seat is not taken: this measures the queue.
 */
import "./ccu-node-websocket";
import { ColyseusSDK, registerSerializer, type Room } from "@colyseus/sdk";

class SkipStateSerializer {
  setState(): void {}
  getState(): null {
    return null;
  }
  patch(): void {}
  teardown(): void {}
  handshake(): void {}
}
registerSerializer("schema", SkipStateSerializer);

export interface QueueGeneratorConfig {
  type: "config";
  endpoint: string;
  players: Array<{ steamId: string; token: string }>;
  joinConcurrency: number;
}

export interface QueueSeat {
  steamId: string;
  latencyMs: number;
  /** When `matched` arrived (epoch ms, this machine's clock). */
  seatedAt: number;
  battleRoomId: string;
  /** The process the battle runs on (its PUBLIC_ADDRESS), to count pairs split across processes. */
  battleAddress: string;
}

export interface QueueGeneratorReport {
  type: "report";
  joined: number;
  queued: number;
  seats: QueueSeat[];
  peakQueueSize: number;
  /** Players whose three join attempts all failed. */
  gaveUp: number;
  failureSamples: string[];
  errors: Record<string, number>;
  cpuPercent: number;
  rssMB: number;
}

const seats: QueueSeat[] = [];
const errors: Record<string, number> = {};
const counts = { joined: 0, queued: 0, peakQueueSize: 0, gaveUp: 0 };
const failureSamples = new Set<string>();
const rooms = new Set<Room>();
const cpuStart = process.cpuUsage();
const startedAt = performance.now();
const error = (kind: string) => {
  errors[kind] = (errors[kind] ?? 0) + 1;
};

async function queuePlayer(endpoint: string, player: { steamId: string; token: string }): Promise<void> {
  const sdk = new ColyseusSDK(endpoint);
  sdk.auth.token = player.token;
  let room: Room | null = null;
  // A real client retries a refused or timed-out join; each failed attempt is counted.
  for (let attempt = 1; attempt <= 3 && !room; attempt++) {
    try {
      room = await sdk.joinOrCreate("queue", {});
    } catch (err) {
      error("queue_join_failed");
      failureSamples.add(String((err as Error).message).slice(0, 120));
      if (attempt === 3) {
        counts.gaveUp++;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  }
  if (!room) return;
  counts.joined++;
  rooms.add(room);
  let enqueuedAt = 0;
  let matched = false;
  room.onMessage("queued", (m: { enqueuedAt: number; queueSize: number }) => {
    if (!enqueuedAt) counts.queued++;
    enqueuedAt ||= m.enqueuedAt;
    counts.peakQueueSize = Math.max(counts.peakQueueSize, m.queueSize);
  });
  room.onMessage("matched", (m: { reservation: { roomId: string; publicAddress?: string } }) => {
    matched = true;
    const battleAddress = m.reservation.publicAddress ?? "";
    const now = Date.now();
    seats.push({
      steamId: player.steamId,
      latencyMs: now - enqueuedAt,
      seatedAt: now,
      battleRoomId: m.reservation.roomId,
      battleAddress,
    });
    rooms.delete(room);
    void room.leave().catch(() => undefined);
  });
  room.onMessage("error", (m: { code?: string }) => error(`queue_${m?.code ?? "unknown"}`));
  room.onMessage("*", () => undefined);
  room.onLeave(() => {
    rooms.delete(room);
    if (!matched) error("queue_left_unmatched");
  });
}

async function run(config: QueueGeneratorConfig): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < config.players.length) await queuePlayer(config.endpoint, config.players[next++]);
  };
  await Promise.all(Array.from({ length: config.joinConcurrency }, worker));
}

process.on("message", (message: { type: string } | QueueGeneratorConfig) => {
  if (message.type === "config") void run(message as QueueGeneratorConfig);
  else if (message.type === "report") {
    const cpu = process.cpuUsage(cpuStart);
    const report: QueueGeneratorReport = {
      type: "report",
      ...counts,
      seats,
      failureSamples: [...failureSamples].slice(0, 5),
      errors,
      cpuPercent: ((cpu.user + cpu.system) / 1e3 / (performance.now() - startedAt)) * 100,
      rssMB: process.memoryUsage().rss / 2 ** 20,
    };
    process.send!(report);
  } else if (message.type === "stop") {
    void Promise.race([
      Promise.all([...rooms].map((r) => r.leave().catch(() => undefined))),
      new Promise((r) => setTimeout(r, 5000)),
    ]).then(() => process.exit(0));
  }
});
process.on("disconnect", () => process.exit(0));
