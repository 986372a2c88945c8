import http from "node:http";
import https from "node:https";

export interface GetResponse {
  status: number;
  header(name: string): string | null;
  /** The body as UTF-8, or null when it was longer than the limit (the connection is then dropped). */
  body: string | null;
}

/** Why a GET produced no complete response: `phase` tells whether a status line had arrived. */
export class GetFailedError extends Error {
  constructor(
    /** A short machine code (`ECONNREFUSED`, `timeout`…); never the URL, which may hold a secret. */
    public readonly code: string,
    public readonly phase: "request" | "body",
    public readonly timedOut: boolean,
  ) {
    super(`GET failed during ${phase}: ${code}`);
    this.name = "GetFailedError";
  }
}

export type KeepAliveGet = (url: URL, headers: Record<string, string>, options: { timeoutMs: number; maxBodyBytes: number }) => Promise<GetResponse>;

const errorCode = (err: unknown): string => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[A-Z0-9_]{1,40}$/.test(code) ? code : "network error";
};

/**
 * GET over pooled keep-alive connections (node:http / node:https). Used for Steam's Web API, called once
 * per login: `fetch` costs several times the CPU per call (WHATWG streams, per-request objects), and a
 * login server spends its CPU on exactly these calls. Redirects are not followed; the timeout covers the
 * whole exchange, body included.
 */
export function createKeepAliveGet(options: { maxSockets: number }): KeepAliveGet {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets, scheduling: "lifo" as const };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };

  return (url, headers, { timeoutMs, maxBodyBytes }) =>
    new Promise<GetResponse>((resolve, reject) => {
      let settled = false;
      let phase: GetFailedError["phase"] = "request";
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      const fail = (code: string, timedOut = false) =>
        settle(() => {
          request.destroy();
          reject(new GetFailedError(code, phase, timedOut));
        });
      const timer = setTimeout(() => fail("timeout", true), timeoutMs);

      const secure = url.protocol === "https:";
      const request = (secure ? https : http).request(url, { method: "GET", headers, agent: secure ? agents.https : agents.http }, (response) => {
        phase = "body";
        const header = (name: string) => {
          const value = response.headers[name.toLowerCase()];
          return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
        };
        const chunks: Buffer[] = [];
        let length = 0;
        response.on("data", (chunk: Buffer) => {
          length += chunk.length;
          if (length <= maxBodyBytes) return void chunks.push(chunk);
          settle(() => {
            response.destroy();
            resolve({ status: response.statusCode ?? 0, header, body: null });
          });
        });
        response.on("end", () =>
          settle(() => resolve({ status: response.statusCode ?? 0, header, body: Buffer.concat(chunks, length).toString("utf8") })),
        );
        response.on("error", (err) => fail(errorCode(err)));
        response.on("close", () => {
          if (!response.complete) fail("ECONNRESET");
        });
      });
      request.on("error", (err) => fail(errorCode(err)));
      request.end();
    });
}
