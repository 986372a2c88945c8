import { WebSocketTransport } from "@colyseus/ws-transport";
import type { WebSocket } from "ws";

/**
 * Into how many parts the connections are split, each pinged in turn: one part every interval / parts, at most
 * 40 parts and at least 50 ms apart.
 */
export function pingParts(pingInterval: number): number {
  return Math.max(1, Math.min(40, Math.floor(pingInterval / 50)));
}

const noop = () => undefined;

/**
 * Colyseus' WebSocket transport, with its pings spread over the ping interval. Colyseus pings every
 * connection in one synchronous loop each interval: at 10,000 connections that loop held the event loop for
 * 150–230 ms every 10 s, which every action arriving meanwhile waited for (docs/BENCHMARKS.md, "Fix: pings
 * spread over the interval, and battle timers on Node timers"). Here one part of the connections is pinged every
 * interval / pingParts, so each connection is still pinged once per interval and closed after `pingMaxRetries`
 * unanswered pings, as before. Colyseus' own `pong` handler resets the count.
 */
export class StaggeredPingTransport extends WebSocketTransport {
  protected override autoTerminateUnresponsiveClients(pingInterval: number, pingMaxRetries: number): void {
    const parts = pingParts(pingInterval);
    let round: WebSocket[] = [];
    let part = 0;
    this.pingInterval = setInterval(() => {
      // Each round pings the connections open when it began; one opened later waits for the next round.
      if (part === 0) round = [...this.wss.clients];
      const from = Math.floor((round.length * part) / parts);
      const to = Math.floor((round.length * (part + 1)) / parts);
      for (let i = from; i < to; i++) pingOrTerminate(round[i], pingMaxRetries);
      part = (part + 1) % parts;
      if (part === 0) round = [];
    }, pingInterval / parts);
  }
}

function pingOrTerminate(client: WebSocket & { pingCount?: number }, pingMaxRetries: number): void {
  if (client.readyState !== client.OPEN) return;
  if ((client.pingCount ?? 0) >= pingMaxRetries) {
    client.terminate();
    return;
  }
  client.pingCount = (client.pingCount ?? 0) + 1;
  client.ping(noop);
}
