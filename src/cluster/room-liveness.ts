import { matchMaker } from "@colyseus/core";

/**
 * True while the room runs on some process of the cluster: on this one, or on a process still subscribed
 * to the room's presence channel (`$<roomId>`, which Colyseus subscribes for every room it hosts). A process
 * that was killed loses its Redis subscriptions with its connection, so its rooms read as gone at once,
 * whatever their listings or markers still say.
 */
export async function roomIsRunning(roomId: string): Promise<boolean> {
  if (matchMaker.getLocalRoomById(roomId)) return true;
  const channel = `$${roomId}`;
  return (await matchMaker.presence.channels(channel)).includes(channel);
}
