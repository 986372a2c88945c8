import assert from "node:assert/strict";
import { CLIENT_LOG_LINES_PER_WINDOW, clientLogLimiter } from "../../src/colyseus-log";
import { embeddedBackend } from "../helpers/backends";
import { CapturedOutput } from "../helpers/captured-output";
import { startTestGameServer, type TestGameServer } from "../helpers/game-server";
import { QueuePlayer } from "../matchmaker/queue-client";
import { nextSteamId, seedPlayer, sleep, waitFor } from "../matchmaker/helpers";

const ROOM_DATA = 13;
const ROOM_REQUEST = 21;
/** A msgpack string header announcing 255 bytes that never come: the payload cannot be decoded. */
const undecodableRequest = (id: number) => new Uint8Array([ROOM_REQUEST, id & 0x7f, 5, 0xd9, 0xff]).buffer;
const undecodableData = new Uint8Array([ROOM_DATA, 0xff, 0xff, 0xff]).buffer;

// Logging does not depend on the database: the embedded backend is enough.
describe("a client sending undecodable frames cannot flood the logs", function () {
  this.timeout(60_000);
  let server: TestGameServer;
  const output = new CapturedOutput();
  const players: QueuePlayer[] = [];

  before(async () => {
    server = await startTestGameServer(embeddedBackend, { LOG_LEVEL: "info" });
  });
  after(async () => {
    output.stop();
    await Promise.all(players.map((p) => p.leave()));
    await server?.close();
  });

  async function queue(steamId: string): Promise<QueuePlayer> {
    const deckId = await seedPlayer(server.app.services.db.knex, steamId);
    const player = await QueuePlayer.join(server.wsUrl, server.app.services.accessTokens.sign(steamId).token, {
      deckId,
    });
    players.push(player);
    return player;
  }

  it("keeps Colyseus' decode errors within the client's budget; the process and the room carry on", async () => {
    const attacker = nextSteamId();
    const flooding = await queue(attacker);
    await flooding.next("queued");
    const suppressedBefore = clientLogLimiter.suppressedTotal;
    output.start();
    // Below the queue room's message rate (faster gets the client disconnected), for as long as it takes.
    const FRAMES = 32;
    const connection = (flooding.room as unknown as { connection: { send(data: ArrayBuffer): void } }).connection;
    for (let i = 0; i < FRAMES; i++) {
      if (i > 0 && i % 8 === 0) await sleep(1100);
      connection.send(undecodableRequest(i));
    }
    await waitFor(
      () => clientLogLimiter.suppressedTotal - suppressedBefore >= FRAMES - CLIENT_LOG_LINES_PER_WINDOW,
      "every request frame to be handled",
    );
    assert.equal(flooding.leftCode, null, "an undecodable request is answered with an error; the client stays");
    // An undecodable ROOM_DATA frame closes the connection; rejoining does not reset the budget (it is per player).
    connection.send(undecodableData);
    await flooding.left();
    const again = await queue(attacker);
    (again.room as unknown as { connection: { send(data: ArrayBuffer): void } }).connection.send(undecodableData);
    await again.left();

    await waitFor(
      () => clientLogLimiter.suppressedTotal - suppressedBefore >= FRAMES + 2 - CLIENT_LOG_LINES_PER_WINDOW,
      "every frame to be handled",
    );
    output.stop();
    const colyseusLines = output.entries().filter((e) => e.source === "colyseus");
    assert.ok(
      colyseusLines.length <= CLIENT_LOG_LINES_PER_WINDOW,
      `${colyseusLines.length} lines: ${JSON.stringify(colyseusLines).slice(0, 2000)}`,
    );
    assert.ok(colyseusLines.every((e) => e.client === `steam:${attacker}`));
    const bytes = output.lines.join("\n").length;
    assert.ok(bytes < 8 * 1024, `log output stays small (${bytes} bytes for ${FRAMES + 2} bad frames)`);
    assert.ok(
      output.lines.every((l) => l.startsWith("{")),
      "everything goes through the structured logger",
    );

    // The queue room still serves other players.
    const other = await queue(nextSteamId());
    assert.ok((await other.next("queued")).queueSize >= 1);
  });
});
