import { defineRoom, type Server } from "@colyseus/core";
import { routeModules } from "../../src/app";
import { roomDefinitions } from "../../src/rooms";
import { buildGameServer } from "../../src/server";
import { createServices, type Services } from "../../src/services";
import type { Backend } from "../helpers/backends";
import { testConfig } from "../helpers/test-app";
import { PlaceholderBattleRoom } from "./fixtures/placeholder-battle-room";
import { freePort } from "./helpers";

export interface QueueServer {
  services: Services;
  endpoint: string;
  httpUrl: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * One in-process Colyseus server with the real queue room and a placeholder battle room. Colyseus
 * itself runs on LocalPresence/LocalDriver so concurrent test runs sharing a Redis never see each
 * other's rooms; the ticket queue still uses Redis when the backend provides REDIS_URL.
 */
export async function startQueueServer(backend: Backend, env: Record<string, string> = {}): Promise<QueueServer> {
  const provisioned = await backend.provision();
  const config = testConfig({
    STEAM_AUTH_MODE: "dev",
    MM_TICK_MS: "100",
    MM_TICKET_LEASE_SECONDS: "3",
    ...provisioned.env,
    ...env,
  });
  const services = await createServices(config);
  const server = buildGameServer(
    { ...services, config: { ...config, REDIS_URL: undefined } },
    { rooms: { ...roomDefinitions(services), battle: defineRoom(PlaceholderBattleRoom) }, routeModules },
  );
  const port = await freePort();
  await server.listen(port, "127.0.0.1");
  // As createApp: the matcher runs once the server listens.
  services.playModes.start();
  return {
    services,
    server,
    endpoint: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    async close() {
      await services.playModes.stop();
      await server.gracefullyShutdown(false).catch(() => undefined);
      await services.close();
      await provisioned.dispose();
    },
  };
}
