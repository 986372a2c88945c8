import { defineRoom, type RegisteredHandler } from "@colyseus/core";
import type { Services } from "../services";
import { battleRoomType } from "./battle-room";
import { battleRoomDeps } from "./battle/battle-room-deps";
import { spectatingDeps } from "./battle/spectating-deps";
import { queueRoomType } from "./queue-room";
import { findPlayer } from "../db/players";
import { queueAuthenticator, roomAuthenticator } from "./room-auth";

/** Every room this server offers, by name, bound to the dependencies each uses. */
export function roomDefinitions(services: Services): Record<string, RegisteredHandler> {
  const authenticate = roomAuthenticator(services);
  return {
    battle: defineRoom(battleRoomType(battleRoomDeps(services), spectatingDeps(services, authenticate))),
    queue: defineRoom(
      queueRoomType({
        playModes: services.playModes,
        authenticate: queueAuthenticator({
          ...services,
          playerExists: async (steamId) => (await findPlayer(services.db.knex, steamId)) !== null,
        }),
        maxClients: services.config.QUEUE_ROOM_MAX_CLIENTS,
        banList: services.banList,
      }),
    ),
  };
}
