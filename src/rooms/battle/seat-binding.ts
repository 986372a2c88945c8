import { ErrorCode, ServerError, type Room } from "@colyseus/core";
import type { RoomAuth } from "../room-auth";

/** Verifies a join's access token (signature, lifetime, ban list); throws a ServerError when refused. */
export type TokenAuthenticator = (token: unknown) => RoomAuth;

interface SeatInternals {
  _reservedSeats: Record<string, [unknown, unknown, boolean, boolean] | undefined>;
  clients: { getById?(sessionId: string): { auth?: unknown } | undefined } & Iterable<{
    sessionId: string;
    auth?: unknown;
  }>;
}

type OnJoin = (
  client: { sessionId: string },
  authContext: { token?: string } | undefined,
  options?: unknown,
) => Promise<void>;

function reservedSteamId(room: SeatInternals, sessionId: string): string | undefined {
  const reserved = room._reservedSeats[sessionId]?.[1] as Partial<RoomAuth> | undefined;
  if (reserved?.steamId) return reserved.steamId;
  // A reconnection taking over a stale live connection: the seat is the live client's.
  for (const c of room.clients)
    if (c.sessionId === sessionId) return (c.auth as Partial<RoomAuth> | undefined)?.steamId;
  return undefined;
}

/**
 * Binds a room's seat reservations and reconnection tokens to their player: the connection must carry the
 * reserved player's own access token (the SDK sends `client.auth.token`). A refused attempt throws before
 * Colyseus marks the reservation consumed, so the seat stays for its owner. The token's claims (family,
 * licence owner) are merged into the reserved auth, which becomes `client.auth`, so ban events reach the seat.
 *
 * Colyseus 0.18 has no hook between the WebSocket's token and the consumption of a reservation (a room with a
 * static onAuth skips the instance onAuth for reserved seats, and a failing instance onAuth deletes the seat),
 * so this wraps the room's `_onJoin` (called by Transport.connectClientToRoom).
 */
export function bindSeatsToTokens(roomClass: abstract new () => Room, authenticate: TokenAuthenticator): void {
  const proto = roomClass.prototype as unknown as { _onJoin: OnJoin };
  const original = proto._onJoin;
  proto._onJoin = async function (this: SeatInternals, client, authContext, options) {
    const owner = reservedSteamId(this, client.sessionId);
    if (!owner) throw new ServerError(ErrorCode.MATCHMAKE_EXPIRED, "seat reservation expired.");
    const auth = authenticate(authContext?.token);
    if (auth.steamId !== owner)
      throw new ServerError(ErrorCode.AUTH_FAILED, "this seat is reserved for another player");
    const reserved = this._reservedSeats[client.sessionId]?.[1];
    if (reserved && typeof reserved === "object") Object.assign(reserved, auth);
    return original.call(this, client, authContext, options);
  };
}
