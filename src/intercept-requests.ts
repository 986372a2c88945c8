import type http from "node:http";

export type RequestListener = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/**
 * Puts `handler` in front of the server's request listeners (Colyseus attaches its own in listen()); the
 * handler answers a request itself or calls `passOn` to hand it to them unchanged.
 */
export function interceptRequests(server: http.Server, handler: (req: http.IncomingMessage, res: http.ServerResponse, passOn: () => void) => void): void {
  const listeners = server.listeners("request") as RequestListener[];
  server.removeAllListeners("request");
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    handler(req, res, () => {
      for (const listener of listeners) listener.call(server, req, res);
    });
  });
}
