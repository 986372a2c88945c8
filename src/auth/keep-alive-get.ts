import { Agent } from "undici";

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

/** `origin` as in URL.origin (`https://host:port`), `path` with its query (`/a/b?c=d`). */
export type KeepAliveGet = (
  origin: string,
  path: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; maxBodyBytes: number },
) => Promise<GetResponse>;

const errorCode = (err: unknown): string => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[A-Z0-9_]{1,40}$/.test(code) ? code : "network error";
};

/**
 * GET over pooled keep-alive connections (undici's Agent). Used for Steam's Web API, called once per login:
 * `fetch` costs several times the CPU per call and node:http about twice as much (docs/BENCHMARKS.md), and
 * a login server spends its CPU on exactly these calls. Redirects are not followed; the timeout covers the
 * whole exchange, body included.
 */
export function createKeepAliveGet(options: { maxSockets: number }): KeepAliveGet {
  const agent = new Agent({ connections: options.maxSockets });

  return async (origin, path, headers, { timeoutMs, maxBodyBytes }) => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    let phase: GetFailedError["phase"] = "request";
    try {
      const response = await agent.request({
        origin,
        path,
        method: "GET",
        headers,
        signal: abort.signal,
        headersTimeout: null,
        bodyTimeout: null,
      });
      phase = "body";
      const header = (name: string) => {
        const value = response.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      };
      const declared = Number(response.headers["content-length"] ?? NaN);
      if (declared > maxBodyBytes) {
        response.body.destroy();
        return { status: response.statusCode, header, body: null };
      }
      // A declared length within the limit is read in one go; otherwise the body is counted as it streams.
      if (Number.isInteger(declared)) return { status: response.statusCode, header, body: await response.body.text() };
      const chunks: Buffer[] = [];
      let length = 0;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        length += chunk.length;
        if (length > maxBodyBytes) {
          response.body.destroy();
          return { status: response.statusCode, header, body: null };
        }
        chunks.push(chunk);
      }
      return { status: response.statusCode, header, body: Buffer.concat(chunks, length).toString("utf8") };
    } catch (err) {
      if (abort.signal.aborted) throw new GetFailedError("timeout", phase, true);
      throw new GetFailedError(errorCode(err), phase, false);
    } finally {
      clearTimeout(timer);
    }
  };
}
