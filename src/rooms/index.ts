import { defineRoom, type RegisteredHandler } from "@colyseus/core";
import { BattleRoom } from "./battle-room";
import { QueueRoom } from "./queue-room";

/** Every room this server offers, by name. */
export function roomDefinitions(): Record<string, RegisteredHandler> {
  return {
    battle: defineRoom(BattleRoom),
    queue: defineRoom(QueueRoom),
  };
}
