/**
 * The peer of bench:ccu: a Colyseus server with nothing but an empty room that echoes each message to its
 * sender, in its own process, with the same WebSocket transport as the game server (src/server.ts: its pings
 * spread over the interval, WS_PING_INTERVAL_MS / WS_PING_MAX_RETRIES included), so the ratio between the two
 * is the rooms', and Colyseus' defaults otherwise (no state, default patch rate). PORT from the environment.
 */
import { defineRoom, defineServer, Room, type Client } from "@colyseus/core";
import { loadConfig } from "../src/config";
import { webSocketTransportOptions } from "../src/server";
import { StaggeredPingTransport } from "../src/transport/staggered-ping-transport";

class EchoRoom extends Room {
  maxClients = 2;
  onCreate(): void {
    this.onMessage("echo", (client: Client, message: unknown) => client.send("echo", message));
  }
}

async function main(): Promise<void> {
  const server = defineServer({
    transport: new StaggeredPingTransport(webSocketTransportOptions(loadConfig())),
    greet: false,
    rooms: { echo: defineRoom(EchoRoom) },
    express: (app) => {
      app.get("/health", (_req, res) => void res.json({ ok: true }));
    },
  } as Parameters<typeof defineServer>[0]);
  await server.listen(Number(process.env.PORT));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
