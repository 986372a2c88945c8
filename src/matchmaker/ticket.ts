/** Where the client that owns a ticket is connected: the queue room on some process. */
export interface TicketLocation {
  processId: string;
  roomId: string;
  sessionId: string;
}

/** One player waiting in the ranked queue. At most one ticket per SteamID exists cluster-wide. */
export interface Ticket {
  /** Unique per queue connection; guards every removal/refresh against a newer connection's ticket. */
  ticketId: string;
  steamId: string;
  deckId: string;
  rating: number;
  deviation: number;
  /** ms since epoch; older = higher priority (a priority grant keeps the original value). */
  enqueuedAt: number;
  /** ms since epoch; the matcher ignores and the sweeper drops the ticket after this. */
  leaseUntil: number;
  /** SteamID of the previous opponent (avoided while others are in range), or "" for none. */
  lastOpponent: string;
  location: TicketLocation;
}

/** The connection currently owning a player's queue slot (survives the ticket being claimed). */
export interface TicketOwner extends TicketLocation {
  ticketId: string;
}

export interface MatchedPair {
  a: Ticket;
  b: Ticket;
  gap: number;
}

const FIELDS = [
  "ticketId",
  "steamId",
  "deckId",
  "rating",
  "deviation",
  "enqueuedAt",
  "leaseUntil",
  "lastOpponent",
  "processId",
  "roomId",
  "sessionId",
] as const;

/** Flat field list as stored in the Redis ticket hash. */
export function ticketToFields(t: Ticket): string[] {
  return [
    "ticketId",
    t.ticketId,
    "steamId",
    t.steamId,
    "deckId",
    t.deckId,
    "rating",
    String(t.rating),
    "deviation",
    String(t.deviation),
    "enqueuedAt",
    String(t.enqueuedAt),
    "leaseUntil",
    String(t.leaseUntil),
    "lastOpponent",
    t.lastOpponent,
    "processId",
    t.location.processId,
    "roomId",
    t.location.roomId,
    "sessionId",
    t.location.sessionId,
  ];
}

/** Parses a flat [field, value, …] array (HGETALL as returned inside Lua) into a Ticket. */
export function ticketFromFlat(flat: unknown[]): Ticket {
  const m: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) m[String(flat[i])] = String(flat[i + 1]);
  for (const f of FIELDS) if (m[f] === undefined && f !== "lastOpponent") throw new Error(`ticket record lacks ${f}`);
  return {
    ticketId: m.ticketId,
    steamId: m.steamId,
    deckId: m.deckId,
    rating: Number(m.rating),
    deviation: Number(m.deviation),
    enqueuedAt: Number(m.enqueuedAt),
    leaseUntil: Number(m.leaseUntil),
    lastOpponent: m.lastOpponent ?? "",
    location: { processId: m.processId, roomId: m.roomId, sessionId: m.sessionId },
  };
}

export function cloneTicket(t: Ticket): Ticket {
  return { ...t, location: { ...t.location } };
}
