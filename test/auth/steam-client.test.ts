import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  createSteamClient,
  parseRetryAfter,
  SteamRejectedError,
  SteamUnavailableError,
  type SteamClientOptions,
} from "../../src/auth/steam-client";
import { preseededTicket, startSteamStub, type SteamStub } from "../../src/tools/steam-stub";

const KEY = "TEST-WEBAPI-KEY-0123456789ABCDEF";
const APP_ID = 4242;
const IDENTITY = "card-game-login";
const PLAYER = "76561198012345678";
const OWNER = "76561197960287930";

describe("Steam client against the Steam stub", () => {
  let stub: SteamStub;
  let logged: string[];

  function client(over: Partial<SteamClientOptions> = {}) {
    return createSteamClient({
      apiBase: stub.url,
      apiKey: KEY,
      appId: APP_ID,
      identity: IDENTITY,
      timeoutMs: 300,
      logger: { error: (m: string) => logged.push(m) },
      ...over,
    });
  }

  async function rejected(p: Promise<unknown>): Promise<SteamRejectedError> {
    const err = await p.then(
      (v) => assert.fail(`expected SteamRejectedError, resolved with ${JSON.stringify(v)}`),
      (e: unknown) => e,
    );
    assert.ok(err instanceof SteamRejectedError, `expected SteamRejectedError, got ${String(err)}`);
    return err;
  }

  async function unavailable(p: Promise<unknown>): Promise<SteamUnavailableError> {
    const err = await p.then(
      (v) => assert.fail(`expected SteamUnavailableError, resolved with ${JSON.stringify(v)}`),
      (e: unknown) => e,
    );
    assert.ok(err instanceof SteamUnavailableError, `expected SteamUnavailableError, got ${String(err)}`);
    return err;
  }

  function assertNoSecrets(err: Error, ticket: string): void {
    assert.ok(!err.message.includes(KEY), "error message must not contain the key");
    assert.ok(!err.message.includes(ticket), "error message must not contain the ticket");
  }

  before(async () => {
    stub = await startSteamStub({ apiKey: KEY, appId: APP_ID });
  });
  after(async () => {
    await stub.close();
  });
  beforeEach(() => {
    stub.setMode({ kind: "normal" });
    logged = [];
  });

  describe("success", () => {
    it("returns the SteamID from Steam as a string, with flags", async () => {
      const ticket = stub.issueTicket(PLAYER, { identity: IDENTITY });
      assert.match(ticket, /^[0-9a-f]{64,512}$/);
      const before = stub.calls;
      const owner = await client().authenticateUserTicket(ticket);
      assert.deepEqual(owner, {
        steamId: PLAYER,
        ownerSteamId: PLAYER,
        vacBanned: false,
        publisherBanned: false,
        familyShared: false,
      });
      assert.equal(typeof owner.steamId, "string");
      assert.equal(stub.calls, before + 1);
    });

    it("sends appid, identity and ticket as query params and the key only in x-webapi-key", async () => {
      const ticket = stub.issueTicket(PLAYER, { identity: IDENTITY });
      await client().authenticateUserTicket(ticket);
      const rec = stub.requests[stub.requests.length - 1];
      assert.ok(rec);
      assert.equal(rec.method, "GET");
      assert.equal(rec.path, "/ISteamUserAuth/AuthenticateUserTicket/v1/");
      assert.equal(rec.appid, String(APP_ID));
      assert.equal(rec.identity, IDENTITY);
      assert.equal(rec.ticket, ticket);
      assert.equal(rec.keySource, "header");
      assert.equal(rec.keyAccepted, true);
      assert.deepEqual([...rec.queryKeys].sort(), ["appid", "identity", "ticket"]);
    });

    it("omits identity when the client has none", async () => {
      const ticket = stub.issueTicket(PLAYER);
      const owner = await client({ identity: undefined }).authenticateUserTicket(ticket);
      assert.equal(owner.steamId, PLAYER);
      const rec = stub.requests[stub.requests.length - 1];
      assert.ok(rec);
      assert.equal(rec.identity, null);
      assert.deepEqual([...rec.queryKeys].sort(), ["appid", "ticket"]);
    });

    it("accepts upper-case hex tickets", async () => {
      const ticket = stub.issueTicket(PLAYER, { identity: IDENTITY }).toUpperCase();
      const owner = await client().authenticateUserTicket(ticket);
      assert.equal(owner.steamId, PLAYER);
    });

    it("surfaces Family Sharing (owner differs)", async () => {
      const ticket = stub.issueTicket(PLAYER, { ownerSteamId: OWNER, identity: IDENTITY });
      const owner = await client().authenticateUserTicket(ticket);
      assert.equal(owner.steamId, PLAYER);
      assert.equal(owner.ownerSteamId, OWNER);
      assert.equal(owner.familyShared, true);
    });

    it("surfaces VAC and publisher bans", async () => {
      const vac = await client().authenticateUserTicket(
        stub.issueTicket(PLAYER, { vacBanned: true, identity: IDENTITY }),
      );
      assert.equal(vac.vacBanned, true);
      assert.equal(vac.publisherBanned, false);
      const pub = await client().authenticateUserTicket(
        stub.issueTicket(PLAYER, { publisherBanned: true, identity: IDENTITY }),
      );
      assert.equal(pub.vacBanned, false);
      assert.equal(pub.publisherBanned, true);
    });

    it("accepts a pre-seeded hex('stub:<steamid>') ticket with any identity", async () => {
      const ticket = preseededTicket(OWNER);
      assert.equal(ticket, Buffer.from(`stub:${OWNER}`).toString("hex"));
      const owner = await client({ identity: "whatever" }).authenticateUserTicket(ticket);
      assert.equal(owner.steamId, OWNER);
      assert.equal(owner.familyShared, false);
      await rejected(client({ appId: APP_ID + 1 }).authenticateUserTicket(ticket)).then((e) =>
        assert.equal(e.steamCode, 102),
      );
      // a pre-seeded ticket with an invalid SteamID is just an unknown ticket
      const bad = Buffer.from("stub:76561197960265728").toString("hex");
      assert.equal((await rejected(client().authenticateUserTicket(bad))).steamCode, 101);
    });
  });

  describe("rejections (Steam error object: no retry)", () => {
    it("unknown ticket → 101 Invalid ticket, called once", async () => {
      const ticket = "ab".repeat(100);
      const before = stub.calls;
      const err = await rejected(client().authenticateUserTicket(ticket));
      assert.equal(err.steamCode, 101);
      assert.equal(err.steamMessage, "Invalid ticket");
      assert.equal(stub.calls, before + 1);
      assertNoSecrets(err, ticket);
    });

    it("ticket for another app → 102", async () => {
      const ticket = stub.issueTicket(PLAYER, { identity: IDENTITY });
      const err = await rejected(client({ appId: APP_ID + 1 }).authenticateUserTicket(ticket));
      assert.equal(err.steamCode, 102);
      assert.equal(err.steamMessage, "Ticket for other app");
    });

    it("identity mismatch → 101 when the server sends its identity; accepted when it sends none (Valve's rule)", async () => {
      const ticket = stub.issueTicket(PLAYER, { identity: "other-service" });
      const err = await rejected(client().authenticateUserTicket(ticket));
      assert.equal(err.steamCode, 101);
      const owner = await client({ identity: undefined }).authenticateUserTicket(ticket);
      assert.equal(owner.steamId, PLAYER, "without an identity, a ticket minted for another service validates");
    });

    // Minted with X / minted without × server sends X / sends none.
    const identityCases: Array<[string | undefined, string | undefined, boolean]> = [
      [IDENTITY, IDENTITY, true],
      [IDENTITY, undefined, true],
      [undefined, IDENTITY, false],
      [undefined, undefined, true],
    ];
    for (const [minted, sent, accepted] of identityCases) {
      it(`a ticket minted ${minted ? "with the identity" : "without identity"}, server sending ${sent ? "the identity" : "none"} → ${accepted ? "accepted" : "101"}`, async () => {
        const ticket = stub.issueTicket(PLAYER, minted ? { identity: minted } : {});
        const verify = client({ identity: sent }).authenticateUserTicket(ticket);
        if (accepted) assert.equal((await verify).steamId, PLAYER);
        else assert.equal((await rejected(verify)).steamCode, 101);
        assert.equal(stub.requests[stub.requests.length - 1]?.identity ?? undefined, sent);
      });
    }

    for (const [code, desc] of [
      [3, "Invalid parameter"],
      [101, "Invalid ticket"],
      [102, "Ticket for other app"],
    ] as const) {
      it(`forced errorcode ${code} → SteamRejectedError(${code}), no retry`, async () => {
        stub.setMode({ kind: "error", errorcode: code });
        const before = stub.calls;
        const err = await rejected(client().authenticateUserTicket(stub.issueTicket(PLAYER, { identity: IDENTITY })));
        assert.equal(err.steamCode, code);
        assert.equal(err.steamMessage, desc);
        assert.equal(stub.calls, before + 1);
      });
    }

    it("forced custom errorcode/errordesc are passed through", async () => {
      stub.setMode({ kind: "error", errorcode: 105, errordesc: "Some new failure" });
      const err = await rejected(client().authenticateUserTicket("00ff"));
      assert.equal(err.steamCode, 105);
      assert.equal(err.steamMessage, "Some new failure");
    });

    it("malformed tickets are rejected locally (code 3) without calling Steam", async () => {
      const before = stub.calls;
      for (const t of ["", "abc", "zz" + "00".repeat(10), "0".repeat(5122), "12 34", "0x1234"]) {
        const err = await rejected(client().authenticateUserTicket(t));
        assert.equal(err.steamCode, 3, `ticket ${JSON.stringify(t.slice(0, 10))}`);
      }
      assert.equal(stub.calls, before);
    });

    for (const garbage of [
      "garbage",
      "76561197960265728",
      "[U:1:22202]",
      "1",
      "76561197960287930 ",
      "103582791429521412",
    ]) {
      it(`invalid steamid in Steam's response (${JSON.stringify(garbage)}) → rejected`, async () => {
        stub.setMode({ kind: "bad_steamid", steamid: garbage });
        const err = await rejected(client().authenticateUserTicket(stub.issueTicket(PLAYER, { identity: IDENTITY })));
        assert.equal(err.steamCode, -1);
        assert.equal(err.steamMessage, "invalid steamid in response");
      });
    }
  });

  describe("unavailability (503 to the player)", () => {
    it("bad key (403) → unavailable/misconfigured, logged once, not retried", async () => {
      const wrongKey = "WRONG-KEY-SHOULD-NOT-APPEAR";
      const c = client({ apiKey: wrongKey });
      const ticket = stub.issueTicket(PLAYER, { identity: IDENTITY });
      const before = stub.calls;
      const err = await unavailable(c.authenticateUserTicket(ticket));
      assert.equal(err.reason, "misconfigured");
      assert.equal(err.retryAfterSeconds, 30);
      assert.ok(!err.message.includes(wrongKey) && !err.message.includes(ticket));
      await unavailable(c.authenticateUserTicket(ticket));
      assert.equal(stub.calls, before + 2);
      assert.equal(logged.length, 1);
      assert.match(logged[0] ?? "", /HTTP 403/);
      assert.ok(!(logged[0] ?? "").includes(wrongKey));
      const rec = stub.requests[stub.requests.length - 1];
      assert.equal(rec?.keyAccepted, false);
    });

    for (const status of [500, 502, 503]) {
      it(`HTTP ${status} → unavailable (5 s), retried once`, async () => {
        stub.setMode({ kind: "status", status });
        const before = stub.calls;
        const ticket = stub.issueTicket(PLAYER, { identity: IDENTITY });
        const err = await unavailable(client().authenticateUserTicket(ticket));
        assert.equal(err.reason, "http_5xx");
        assert.equal(err.retryAfterSeconds, 5);
        assert.equal(stub.calls, before + 2);
        assertNoSecrets(err, ticket);
      });
    }

    it("retries: 0 → a single call", async () => {
      stub.setMode({ kind: "status", status: 500 });
      const before = stub.calls;
      await unavailable(client({ retries: 0 }).authenticateUserTicket("00ff"));
      assert.equal(stub.calls, before + 1);
    });

    it("a single 5xx blip is absorbed by the quick retry", async () => {
      stub.setMode({ kind: "status", status: 502, times: 1 });
      const before = stub.calls;
      const owner = await client().authenticateUserTicket(stub.issueTicket(PLAYER, { identity: IDENTITY }));
      assert.equal(owner.steamId, PLAYER);
      assert.equal(stub.calls, before + 2);
    });

    it("503 with Retry-After is honoured and not retried", async () => {
      stub.setMode({ kind: "status", status: 503, retryAfter: 17 });
      const before = stub.calls;
      const err = await unavailable(client().authenticateUserTicket("00ff"));
      assert.equal(err.retryAfterSeconds, 17);
      assert.equal(stub.calls, before + 1);
    });

    it("429 with Retry-After → retryAfterSeconds honoured, not retried", async () => {
      stub.setMode({ kind: "status", status: 429, retryAfter: 42 });
      const before = stub.calls;
      const err = await unavailable(client().authenticateUserTicket("00ff"));
      assert.equal(err.reason, "rate_limited");
      assert.equal(err.retryAfterSeconds, 42);
      assert.equal(stub.calls, before + 1);
    });

    it("429 without Retry-After → 30 s default", async () => {
      stub.setMode({ kind: "status", status: 429 });
      const err = await unavailable(client().authenticateUserTicket("00ff"));
      assert.equal(err.retryAfterSeconds, 30);
    });

    it("hang → unavailable/timeout within the timeout, not retried", async () => {
      stub.setMode({ kind: "hang" });
      const before = stub.calls;
      const t0 = Date.now();
      const err = await unavailable(client({ timeoutMs: 300 }).authenticateUserTicket("00ff"));
      const elapsed = Date.now() - t0;
      assert.equal(err.reason, "timeout");
      assert.equal(err.retryAfterSeconds, 5);
      assert.ok(elapsed >= 280 && elapsed < 1000, `elapsed ${elapsed} ms`);
      assert.equal(stub.calls, before + 1);
    });

    it("total time stays bounded by ~2×timeoutMs even with many retries", async () => {
      stub.setMode({ kind: "status", status: 500 });
      const t0 = Date.now();
      await unavailable(client({ timeoutMs: 200, retries: 5 }).authenticateUserTicket("00ff"));
      assert.ok(Date.now() - t0 < 600, `elapsed ${Date.now() - t0} ms`);
    });

    it("garbage body (not JSON) → unavailable/bad_response", async () => {
      stub.setMode({ kind: "garbage" });
      const err = await unavailable(client().authenticateUserTicket("00ff"));
      assert.equal(err.reason, "bad_response");
      assert.equal(err.retryAfterSeconds, 5);
    });

    it("JSON of the wrong shape → unavailable/bad_response", async () => {
      for (const body of [
        '{"response":{}}',
        "[]",
        '{"response":{"params":{"result":"OK","steamid":"' + PLAYER + '"}}}',
      ]) {
        stub.setMode({ kind: "garbage", body });
        const err = await unavailable(client().authenticateUserTicket("00ff"));
        assert.equal(err.reason, "bad_response", body);
      }
    });

    it("network error (nothing listening) → unavailable/network", async () => {
      const srv = http.createServer();
      await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
      const port = (srv.address() as AddressInfo).port;
      await new Promise<void>((r) => srv.close(() => r()));
      const err = await unavailable(client({ apiBase: `http://127.0.0.1:${port}` }).authenticateUserTicket("00ff"));
      assert.equal(err.reason, "network");
      assert.equal(err.retryAfterSeconds, 5);
    });
  });

  describe("transport (a raw HTTP server in Steam's place)", () => {
    const okBody = (steamId: string) =>
      JSON.stringify({
        response: {
          params: { result: "OK", steamid: steamId, ownersteamid: steamId, vacbanned: false, publisherbanned: false },
        },
      });
    let server: http.Server;
    let handler: (req: http.IncomingMessage, res: http.ServerResponse) => void;
    let connections: number;
    let requests: Array<{ url: string; key: string | undefined }>;

    beforeEach(async () => {
      connections = 0;
      requests = [];
      server = http.createServer((req, res) => {
        requests.push({ url: req.url ?? "", key: req.headers["x-webapi-key"] as string | undefined });
        handler(req, res);
      });
      server.on("connection", () => connections++);
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    });
    afterEach(async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    });
    const answerOk = (_req: http.IncomingMessage, res: http.ServerResponse) =>
      res.writeHead(200, { "content-type": "application/json" }).end(okBody(PLAYER));
    const rawClient = (over: Partial<SteamClientOptions> = {}) =>
      client({ apiBase: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, ...over });

    it("keeps a path prefix of apiBase and escapes the identity in the query", async () => {
      handler = answerOk;
      const port = (server.address() as AddressInfo).port;
      const steam = client({ apiBase: `http://127.0.0.1:${port}/steam-proxy/`, identity: "card backend&x=1" });
      await steam.authenticateUserTicket("00fF");
      const url = new URL(requests[0].url, "http://x");
      assert.equal(url.pathname, "/steam-proxy/ISteamUserAuth/AuthenticateUserTicket/v1/");
      assert.deepEqual([...url.searchParams].sort(), [
        ["appid", String(APP_ID)],
        ["identity", "card backend&x=1"],
        ["ticket", "00fF"],
      ]);
    });

    it("reuses kept-alive connections across logins", async () => {
      handler = answerOk;
      const steam = rawClient();
      for (let i = 0; i < 20; i++) assert.equal((await steam.authenticateUserTicket("00ff")).steamId, PLAYER);
      assert.equal(requests.length, 20);
      // The pool may open a second connection while the first is being handed back; never one per login.
      assert.ok(connections <= 2, `${connections} connections for 20 sequential logins`);
    });

    it("a kept-alive connection that Steam closed is replaced by the quick retry", async () => {
      handler = answerOk;
      const steam = rawClient();
      await steam.authenticateUserTicket("00ff");
      // The next request goes out on the idle socket that the server now resets.
      handler = (req) => req.socket.destroy();
      const first = steam.authenticateUserTicket("00ff");
      await new Promise((r) => setTimeout(r, 20));
      handler = answerOk;
      assert.equal((await first).steamId, PLAYER);
      assert.equal(requests.length, 3);
    });

    it("a redirect is not followed (the key would go elsewhere) → unavailable/bad_response", async () => {
      handler = (_req, res) => res.writeHead(302, { location: "http://127.0.0.1:1/steal" }).end();
      const err = await unavailable(rawClient().authenticateUserTicket("00ff"));
      assert.equal(err.reason, "bad_response");
      assert.equal(requests.length, 1);
    });

    it("a body over 256 KiB is refused → unavailable/bad_response", async () => {
      handler = (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"response":{"params":{"result":"OK","pad":"');
        const chunk = "x".repeat(64 * 1024);
        for (let i = 0; i < 64; i++) res.write(chunk);
        res.end('"}}}');
      };
      const err = await unavailable(rawClient().authenticateUserTicket("00ff"));
      assert.equal(err.reason, "bad_response");
      // The same with the length declared up front: refused before the body is read.
      handler = (_req, res) =>
        res.writeHead(200, { "content-type": "application/json" }).end(`{"pad":"${"x".repeat(300 * 1024)}"}`);
      assert.equal((await unavailable(rawClient().authenticateUserTicket("00ff"))).reason, "bad_response");
    });

    it("a connection dropped in the middle of the body → unavailable/network, retried", async () => {
      handler = (_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": "500" });
        res.write('{"response":');
        setTimeout(() => res.socket?.destroy(), 10);
      };
      const err = await unavailable(rawClient().authenticateUserTicket("00ff"));
      assert.equal(err.reason, "network");
      assert.equal(requests.length, 2);
    });

    it("a body that stalls past the timeout → unavailable/timeout", async () => {
      handler = (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"response":');
      };
      const t0 = Date.now();
      const err = await unavailable(rawClient({ timeoutMs: 150 }).authenticateUserTicket("00ff"));
      assert.equal(err.reason, "timeout");
      assert.ok(Date.now() - t0 < 1000, `elapsed ${Date.now() - t0} ms`);
    });
  });

  describe("client configuration", () => {
    it("rejects bad options at creation", () => {
      assert.throws(() => client({ apiBase: "not a url" }), TypeError);
      assert.throws(() => client({ maxSockets: 0 }), TypeError);
      assert.throws(() => client({ apiKey: "" }), TypeError);
      assert.throws(() => client({ appId: 0 }), TypeError);
      assert.throws(() => client({ appId: 1.5 }), TypeError);
      assert.throws(() => client({ timeoutMs: 0 }), TypeError);
      assert.throws(() => client({ retries: -1 }), TypeError);
    });

    it("parses Retry-After seconds and dates, clamped", () => {
      assert.equal(parseRetryAfter(null, 7), 7);
      assert.equal(parseRetryAfter("12", 7), 12);
      assert.equal(parseRetryAfter("0", 7), 1);
      assert.equal(parseRetryAfter("999999", 7), 3600);
      assert.equal(parseRetryAfter("soon", 7), 7);
      const now = Date.parse("2025-01-01T00:00:00Z");
      assert.equal(parseRetryAfter("Wed, 01 Jan 2025 00:01:00 GMT", 7, now), 60);
    });
  });
});

describe("Steam stub (raw HTTP, Steam's formats)", () => {
  let stub: SteamStub;
  const path = "/ISteamUserAuth/AuthenticateUserTicket/v1/";
  before(async () => {
    stub = await startSteamStub({ apiKey: KEY, appId: APP_ID });
  });
  after(async () => {
    await stub.close();
  });

  it("accepts the key as a `key` query parameter too", async () => {
    const ticket = stub.issueTicket(PLAYER);
    const res = await fetch(`${stub.url}${path}?key=${KEY}&appid=${APP_ID}&ticket=${ticket}`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      response: {
        params: { result: "OK", steamid: PLAYER, ownersteamid: PLAYER, vacbanned: false, publisherbanned: false },
      },
    });
    assert.equal(stub.requests[stub.requests.length - 1]?.keySource, "query");
  });

  it("missing or wrong key → HTTP 403 HTML", async () => {
    const ticket = stub.issueTicket(PLAYER);
    for (const q of [`appid=${APP_ID}&ticket=${ticket}`, `key=nope&appid=${APP_ID}&ticket=${ticket}`]) {
      const res = await fetch(`${stub.url}${path}?${q}`);
      assert.equal(res.status, 403);
      assert.match(res.headers.get("content-type") ?? "", /text\/html/);
      assert.match(await res.text(), /Forbidden/);
    }
  });

  it("missing/invalid params → errorcode 3", async () => {
    for (const q of ["", `appid=${APP_ID}`, `ticket=00ff`, `appid=abc&ticket=00ff`, `appid=${APP_ID}&ticket=xyz1`]) {
      const res = await fetch(`${stub.url}${path}?${q}`, { headers: { "x-webapi-key": KEY } });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { response: { error: { errorcode: 3, errordesc: "Invalid parameter" } } }, q);
    }
  });

  it("control API issues tickets and switches modes", async () => {
    const issue = await fetch(`${stub.url}/stub/tickets`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ steamId: PLAYER, vacBanned: true, ownerSteamId: OWNER, identity: IDENTITY }),
    });
    assert.equal(issue.status, 200);
    const { ticket } = (await issue.json()) as { ticket: string };
    assert.match(ticket, /^[0-9a-f]{64,512}$/);
    const c = createSteamClient({ apiBase: stub.url, apiKey: KEY, appId: APP_ID, identity: IDENTITY, timeoutMs: 300 });
    assert.deepEqual(await c.authenticateUserTicket(ticket), {
      steamId: PLAYER,
      ownerSteamId: OWNER,
      vacBanned: true,
      publisherBanned: false,
      familyShared: true,
    });

    const bad = await fetch(`${stub.url}/stub/tickets`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ steamId: "12345" }),
    });
    assert.equal(bad.status, 400);

    const mode = await fetch(`${stub.url}/stub/mode`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "error", errorcode: 102 }),
    });
    assert.equal(mode.status, 200);
    assert.deepEqual(stub.mode, { kind: "error", errorcode: 102 });
    const err = await c.authenticateUserTicket(ticket).catch((e: unknown) => e);
    assert.ok(err instanceof SteamRejectedError);
    assert.equal(err.steamCode, 102);

    const badMode = await fetch(`${stub.url}/stub/mode`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "explode" }),
    });
    assert.equal(badMode.status, 400);
    assert.deepEqual(stub.mode, { kind: "error", errorcode: 102 });
    stub.setMode({ kind: "normal" });
  });

  it("close() finishes promptly while a request hangs", async () => {
    const s = await startSteamStub();
    s.setMode({ kind: "hang" });
    const req = http.get(`${s.url}${path}?key=k&appid=480&ticket=00ff`);
    const reqDone = new Promise<string>((resolve) => {
      req.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
      req.on("response", () => resolve("response"));
    });
    while (s.calls === 0) await new Promise((r) => setTimeout(r, 5));
    const t0 = Date.now();
    await s.close();
    assert.ok(Date.now() - t0 < 500, `close took ${Date.now() - t0} ms`);
    assert.equal(await reqDone, "ECONNRESET");
  });
});
