import type { Client } from "@colyseus/core";

interface Corkable {
  cork(): void;
  uncork(): void;
}

function socketOf(client: Client): Corkable | null {
  // ws-transport: client.ref is the `ws` WebSocket, whose `_socket` is the net.Socket.
  const socket = (client as unknown as { ref?: { _socket?: Partial<Corkable> } }).ref?._socket;
  return socket && typeof socket.cork === "function" && typeof socket.uncork === "function"
    ? (socket as Corkable)
    : null;
}

/**
 * Runs `send` with each client's socket corked, so the patch and the messages of one action leave in one
 * write per client instead of one syscall per message (most of a battle action's CPU was socket writes).
 * Without a corkable socket (another transport) it simply sends.
 */
export function withCoalescedWrites(clients: Iterable<Client>, send: () => void): void {
  const corked: Corkable[] = [];
  for (const client of clients) {
    const socket = socketOf(client);
    if (socket) {
      socket.cork();
      corked.push(socket);
    }
  }
  try {
    send();
  } finally {
    if (corked.length > 0) process.nextTick(uncorkAll, corked);
  }
}

function uncorkAll(sockets: Corkable[]): void {
  for (const socket of sockets) socket.uncork();
}
