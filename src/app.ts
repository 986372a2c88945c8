import type { Server } from "@colyseus/core";
import type { Config } from "./config";
import type { RouteModule } from "./http-app";
import { playerApiRoutes } from "./api";
import { mountReplayRoutes } from "./battle/replay-routes";
import { buildGameServer } from "./server";
import { createServices, type Services } from "./services";
import { setRoomServices } from "./rooms/room-services";
import { roomDefinitions } from "./rooms";

export const routeModules: RouteModule[] = [playerApiRoutes, mountReplayRoutes];

export interface App {
  services: Services;
  server: Server;
}

/** Wires configuration → services → Colyseus server with every room and route module. */
export async function createApp(config: Config): Promise<App> {
  const services = await createServices(config);
  setRoomServices(services);
  const server = buildGameServer(services, { rooms: roomDefinitions(), routeModules });
  return { services, server };
}
