import type http from "node:http";

type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;

/**
 * Puts `handler` in front of the server's request listeners, also those attached later (Colyseus attaches
 * its own in listen()); the handler answers a request itself or calls `passOn` to hand it to them unchanged.
 * The handler installed last runs first.
 */
export function interceptRequests(
  server: http.Server,
  handler: (req: http.IncomingMessage, res: http.ServerResponse, passOn: () => void) => void,
): void {
  const emit = server.emit as Emit;
  const intercepted: Emit = function (event, ...args) {
    if (event !== "request") return emit.call(this, event, ...args);
    const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
    handler(req, res, () => emit.call(this, "request", req, res));
    return true;
  };
  server.emit = intercepted as typeof server.emit;
}
