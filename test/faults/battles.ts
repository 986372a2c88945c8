import type { Room } from "@colyseus/sdk";
import type { Knex } from "knex";
import { Inbox, playWithBot, type ResultMessage } from "../helpers/battle-bots";
import { waitFor } from "../helpers/wait";
import { preparePlayer, queueOn, type ServerProcess } from "./servers";

/** A ranked battle made through the real queue, both players seated, and bots ready to play it. */
export interface RunningBattle {
  roomId: string;
  /** PUBLIC_ADDRESS of the process hosting it. */
  host: string;
  steamIds: [string, string];
  inboxes: [Inbox, Inbox];
  rooms: [Room, Room];
}

/**
 * Ratings of two pairs are this far apart, more than twice the largest matchmaking window (MM_MAX_WINDOW 400),
 * so each pair is matched with itself and the test knows who plays whom.
 */
const PAIR_RATING_STEP = 1000;

/**
 * `count` battles started through the queue of `servers` (each pair's players join through different
 * processes when there are two), seated and started: both seats got their first `legal`.
 */
export async function startBattles(
  servers: ServerProcess[],
  knex: Knex,
  count: number,
  firstRating = 1000,
): Promise<RunningBattle[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i): Promise<RunningBattle> => {
      const rating = firstRating + i * PAIR_RATING_STEP;
      const via = [servers[i % servers.length], servers[(i + 1) % servers.length]];
      const players = await Promise.all(via.map((server) => preparePlayer(server, knex, rating)));
      const queued = await Promise.all(via.map((server, s) => queueOn(server, players[s].token, 30_000)));
      const matched = await Promise.all(queued.map((q) => q.next("matched", 60_000)));
      const rooms = await Promise.all(queued.map((q, s) => q.client.consumeSeatReservation(matched[s].reservation)));
      const inboxes = rooms.map((room) => new Inbox(room));
      const seen = [false, false];
      for (const [s, inbox] of inboxes.entries()) {
        inbox.on("legal", () => {
          seen[s] = true;
        });
      }
      await Promise.all(queued.map((q) => q.leave()));
      // The game's first `legal` can arrive before the SDK hands us the room (and is dropped): ask again.
      let asked = 0;
      await waitFor(
        () => {
          if (seen[0] && seen[1]) return true;
          if (Date.now() - asked > 1000) {
            for (const [s, room] of rooms.entries()) if (!seen[s]) room.send("sync");
            asked = Date.now();
          }
          return false;
        },
        `battle ${i}: both seats' first legal`,
        30_000,
      );
      return {
        roomId: matched[0].reservation.roomId,
        host: matched[0].reservation.publicAddress,
        steamIds: [players[0].steamId, players[1].steamId],
        inboxes: inboxes as [Inbox, Inbox],
        rooms: rooms as [Room, Room],
      };
    }),
  );
}

/** Bots play both seats to the end; resolves with both players' `result`. */
export function playToTheEnd(
  battle: RunningBattle,
  seed: number,
  delayMs = 0,
): Promise<[ResultMessage, ResultMessage]> {
  return Promise.all(battle.inboxes.map((inbox, s) => playWithBot(inbox, seed * 2 + s, { delayMs }))) as Promise<
    [ResultMessage, ResultMessage]
  >;
}

/** Each player's profile: how many games were applied to it and its rating now. */
export async function profiles(
  knex: Knex,
  steamIds: string[],
): Promise<Map<string, { games: number; rating: number }>> {
  const rows = await knex("player_profiles")
    .whereIn("player_id", steamIds)
    .select(knex.raw("player_id::text as id"), "games", "rating");
  return new Map(
    rows.map((r: { id: string; games: number; rating: number }) => [
      r.id,
      { games: Number(r.games), rating: Number(r.rating) },
    ]),
  );
}

/** The rating each participant left its (only) recorded match with. */
export async function ratingsAfter(knex: Knex, steamIds: string[]): Promise<Map<string, number[]>> {
  const rows = await knex("match_participants")
    .whereIn("player_id", steamIds)
    .select(knex.raw("player_id::text as id"), "rating_after");
  const out = new Map<string, number[]>();
  for (const r of rows as Array<{ id: string; rating_after: number }>)
    out.set(r.id, [...(out.get(r.id) ?? []), Number(r.rating_after)]);
  return out;
}

/** cardgame_results_pending as `GET /metrics` reports it (the shared outbox's depth). */
export async function resultsPending(server: ServerProcess, metricsToken: string): Promise<number> {
  const res = await fetch(`${server.httpUrl}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
  if (res.status !== 200) throw new Error(`/metrics on ${server.port}: ${res.status}`);
  const line = (await res.text()).split("\n").find((l) => l.startsWith("cardgame_results_pending "));
  if (!line) throw new Error("cardgame_results_pending missing from /metrics");
  return Number(line.split(" ")[1]);
}
