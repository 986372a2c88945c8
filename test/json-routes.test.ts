import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";

const gzip = (text: string): Uint8Array<ArrayBuffer> => new Uint8Array(gzipSync(text));
import { compileTrustProxy } from "../src/http/client-ip";
import { ApiError } from "../src/http/http-errors";
import { serveJsonRoutesFirst, type JsonRoute } from "../src/http/json-routes";

describe("JSON routes served ahead of the other request handlers", () => {
  let server: http.Server;
  let baseUrl: string;
  let passedOn: string[];
  let seen: Array<{ body: unknown; ip: string }>;
  let logged: unknown[];

  const echo: JsonRoute = async (body, request) => {
    seen.push({ body, ip: request.ip });
    if ((body as { fail?: string }).fail === "api")
      throw new ApiError(409, "conflict", "no", { detail: 1 }, { "Retry-After": "7" });
    if ((body as { fail?: string }).fail === "bug") throw new Error("secret internals");
    if ((body as { empty?: boolean }).empty) return { status: 204 };
    return { status: 201, body: { got: body } };
  };

  before(async () => {
    server = http.createServer((req, res) => {
      passedOn.push(`${req.method} ${req.url}`);
      res.writeHead(418).end();
    });
    serveJsonRoutesFirst(
      server,
      { "/echo": echo },
      { trustProxy: compileTrustProxy("loopback"), logUnexpected: (_m, err) => logged.push(err) },
    );
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  beforeEach(() => {
    passedOn = [];
    seen = [];
    logged = [];
  });

  const post = (
    path: string,
    body: string | Uint8Array<ArrayBuffer>,
    headers: Record<string, string> = { "content-type": "application/json" },
  ) => fetch(baseUrl + path, { method: "POST", headers, body });

  it("answers a plain JSON POST to its exact path itself, query string allowed", async () => {
    const res = await post("/echo?x=1", '{"a":[1,2]}', {
      "content-type": "application/json; charset=utf-8",
      "x-forwarded-for": "203.0.113.9",
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get("content-type"), "application/json; charset=utf-8");
    assert.deepEqual(await res.json(), { got: { a: [1, 2] } });
    assert.deepEqual(passedOn, []);
    // TRUST_PROXY=loopback: the address a proxy on loopback forwarded.
    assert.equal(seen[0].ip, "203.0.113.9");
  });

  it("passes every other form of request on, untouched", async () => {
    const cases: Array<[string, string, Record<string, string>, string | Uint8Array<ArrayBuffer>]> = [
      ["GET", "/echo", {}, ""],
      ["POST", "/echo/", { "content-type": "application/json" }, "{}"],
      ["POST", "/ECHO", { "content-type": "application/json" }, "{}"],
      ["POST", "/other", { "content-type": "application/json" }, "{}"],
      ["POST", "/echo", { "content-type": "text/plain" }, "{}"],
      ["POST", "/echo", { "content-type": "application/json; charset=latin1" }, "{}"],
      ["POST", "/echo", { "content-type": "application/json", "content-encoding": "gzip" }, gzip("{}")],
      ["POST", "/echo", { "content-type": "application/json" }, JSON.stringify({ pad: "x".repeat(17_000) })],
    ];
    for (const [method, path, headers, body] of cases) {
      const res = await fetch(baseUrl + path, { method, headers, ...(method === "GET" ? {} : { body }) });
      assert.equal(res.status, 418, `${method} ${path} ${JSON.stringify(headers)}`);
    }
    assert.equal(passedOn.length, cases.length);
    assert.equal(seen.length, 0);
  });

  it("refuses what express.json refuses, and reads an empty body as {}", async () => {
    for (const text of ["{nope", '"text"', "7", "null", "true"]) {
      const res = await post("/echo", text);
      assert.equal(res.status, 400, text);
      assert.deepEqual(await res.json(), {
        error: { code: "invalid_json", message: "Request body is not valid JSON" },
      });
    }
    const empty = await post("/echo", "");
    assert.equal(empty.status, 201);
    assert.deepEqual(await empty.json(), { got: {} });
  });

  it("sends ApiErrors with their status, extra fields and headers; hides and logs anything else", async () => {
    const api = await post("/echo", '{"fail":"api"}');
    assert.equal(api.status, 409);
    assert.equal(api.headers.get("retry-after"), "7");
    assert.deepEqual(await api.json(), { error: { code: "conflict", message: "no", detail: 1 } });

    const bug = await post("/echo", '{"fail":"bug"}');
    assert.equal(bug.status, 500);
    assert.deepEqual(await bug.json(), { error: { code: "internal_error", message: "Internal server error" } });
    assert.equal(logged.length, 1);

    const noContent = await post("/echo", '{"empty":true}');
    assert.equal(noContent.status, 204);
    assert.equal(await noContent.text(), "");
  });
});
