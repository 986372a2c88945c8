import type { BanEvent } from "../auth/ban-events";
import type { BanList } from "../auth/ban-list";
import type { RoomAuth } from "./room-auth";

/** What a ban event means for one connected player: null when it does not concern them. */
export function sessionEnded(
  event: BanEvent,
  auth: RoomAuth | undefined,
): { code: "banned" | "session_revoked"; message: string } | null {
  if (!auth) return null;
  if (event.kind === "banned" && event.untilMs > Date.now()) {
    if (auth.steamId === event.steamId) return { code: "banned", message: "you are banned" };
    if (auth.ownerSteamId === event.steamId)
      return { code: "banned", message: "the licence owner of this account is banned" };
  }
  if (event.kind === "family_revoked" && auth.familyId === event.familyId) {
    return { code: "session_revoked", message: "this session was revoked; log in again" };
  }
  return null;
}

/**
 * Subscribes a room to the ban list: `onEnded` runs for each of the room's clients a ban event ends.
 * Every process receives every event (Redis pub/sub, or in-process), so each room handles its own clients.
 * Returns the unsubscribe function (call it in onDispose).
 */
export function enforceBans<C extends { auth?: unknown }>(
  banList: Pick<BanList, "onEvent">,
  clients: () => Iterable<C>,
  onEnded: (client: C, code: "banned" | "session_revoked", message: string) => void,
): () => void {
  return banList.onEvent((event) => {
    for (const client of [...clients()]) {
      const ended = sessionEnded(event, client.auth as RoomAuth | undefined);
      if (ended) onEnded(client, ended.code, ended.message);
    }
  });
}
