import { defineRoom, type RegisteredHandler } from "@colyseus/core";
import { battleRoomType } from "./battle-room";
import { battleRoomDeps } from "./battle/battle-room-deps";
import { QueueRoom } from "./queue-room";
import { roomServices } from "./room-services";

/** Every room this server offers, by name. */
export function roomDefinitions(): Record<string, RegisteredHandler> {
  return {
    battle: defineRoom(battleRoomType(battleRoomDeps(roomServices))),
    queue: defineRoom(QueueRoom),
  };
}
