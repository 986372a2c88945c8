import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import WebSocket, { type WebSocketServer } from "ws";
import { pingParts, StaggeredPingTransport } from "../../src/transport/staggered-ping-transport";

const INTERVAL_MS = 800;
const RETRIES = 2;
const CLIENTS = 80;

/**
 * The transport's ping schedule on real WebSocket connections. Colyseus' connection handler (room join) is
 * replaced by one that only does its ping bookkeeping (`pingCount`, reset by each pong, as Colyseus' does),
 * so plain connections stay open.
 */
describe("staggered WebSocket pings", function () {
  this.timeout(30_000);
  let server: http.Server;
  let transport: StaggeredPingTransport;
  const sockets: WebSocket[] = [];

  before(async () => {
    transport = new StaggeredPingTransport({ pingInterval: 0 });
    const wss = (transport as unknown as { wss: WebSocketServer }).wss;
    wss.removeAllListeners("connection");
    wss.on("connection", (ws: WebSocket & { pingCount?: number }) => {
      ws.pingCount = 0;
      ws.on("pong", () => {
        ws.pingCount = 0;
      });
    });
    server = http.createServer();
    server.on("upgrade", (req, socket, head) =>
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req)),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });

  after(async () => {
    for (const ws of sockets) ws.terminate();
    clearInterval((transport as unknown as { pingInterval: NodeJS.Timeout }).pingInterval);
    await new Promise((resolve) => server.close(resolve));
  });

  it("pings each connection once per interval, in parts spread over it, and closes one that stops answering", async () => {
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const pingsAt: number[][] = [];
    const open = (autoPong: boolean, index: number) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(url, { autoPong });
        pingsAt[index] = [];
        ws.on("ping", () => pingsAt[index].push(Date.now()));
        ws.once("open", () => resolve(ws));
        ws.once("error", reject);
        sockets.push(ws);
      });
    const live = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => open(true, i)));
    const silent = await open(false, CLIENTS);
    const silentClosed = new Promise<number>((resolve) => silent.once("close", () => resolve(Date.now())));
    const started = Date.now();
    (
      transport as unknown as { autoTerminateUnresponsiveClients(i: number, r: number): void }
    ).autoTerminateUnresponsiveClients(INTERVAL_MS, RETRIES);

    const closedAt = await silentClosed;
    // Unanswered pings in rounds 1 and 2, closed in round 3: between RETRIES and RETRIES + 1 intervals.
    const closedAfter = closedAt - started;
    assert.ok(
      closedAfter >= RETRIES * INTERVAL_MS && closedAfter <= (RETRIES + 1.5) * INTERVAL_MS,
      `closed after ${closedAfter} ms`,
    );
    await new Promise((r) => setTimeout(r, INTERVAL_MS));
    const elapsedRounds = (Date.now() - started) / INTERVAL_MS;

    for (const [i, ws] of live.entries()) {
      assert.equal(ws.readyState, WebSocket.OPEN, `live connection ${i} stays open`);
      // One ping per full round so far (the round in progress may or may not have reached it yet).
      assert.ok(
        pingsAt[i].length >= Math.floor(elapsedRounds) - 1 && pingsAt[i].length <= Math.ceil(elapsedRounds),
        `connection ${i}: ${pingsAt[i].length} pings in ${elapsedRounds.toFixed(2)} intervals`,
      );
    }
    // The first round's pings: spread over the interval in parts, not sent in one burst.
    const firstRound = live.map((_, i) => pingsAt[i][0] - started).sort((a, b) => a - b);
    const spanMs = firstRound[firstRound.length - 1] - firstRound[0];
    assert.ok(spanMs >= INTERVAL_MS * 0.75, `first round's pings span ${spanMs} ms of the ${INTERVAL_MS} ms interval`);
    const partMs = INTERVAL_MS / pingParts(INTERVAL_MS);
    const parts = new Set(firstRound.map((t) => Math.floor(t / partMs)));
    assert.ok(
      parts.size >= pingParts(INTERVAL_MS) * 0.75,
      `pings arrived in ${parts.size} distinct parts of the interval`,
    );
  });
});
