import assert from "node:assert/strict";
import { startSteamStub, type SteamStub } from "../../src/tools/steam-stub";
import { testBackends } from "../helpers/backends";
import { Inbox, playWithBot } from "../helpers/battle-bots";
import { startTestGameServer, type TestGameServer } from "../helpers/game-server";
import { request } from "../helpers/http";
import { QueueInbox } from "../helpers/queue-inbox";
import { nextSteamId, waitFor } from "../matchmaker/helpers";

const METRICS_TOKEN = "metrics-token-for-tests-0123456789";
const API_KEY = "METRICSTESTKEY0123456789ABCDEF00";
const APP_ID = 480;

/** Every sample of a Prometheus text exposition: `name{labels}` → value. */
function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

function typeOf(text: string, name: string): string | undefined {
  return text.match(new RegExp(`^# TYPE ${name} (\\w+)$`, "m"))?.[1];
}

for (const backend of testBackends()) {
  describe(`GET /metrics during a full match [${backend.name}]`, function () {
    this.timeout(120_000);
    let stub: SteamStub;
    let server: TestGameServer;

    before(async () => {
      stub = await startSteamStub({ apiKey: API_KEY, appId: APP_ID });
      server = await startTestGameServer(backend, {
        METRICS_TOKEN,
        STEAM_AUTH_MODE: "webapi",
        STEAM_WEB_API_KEY: API_KEY,
        STEAM_APP_ID: String(APP_ID),
        STEAM_API_BASE: stub.url,
        BATTLE_MAX_MESSAGES_PER_SECOND: "500",
        MM_TICK_MS: "100",
      });
    });
    after(async () => {
      await server?.close();
      await stub?.close();
    });

    async function scrape(): Promise<{ text: string; samples: Map<string, number> }> {
      const res = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      return { text, samples: parseExposition(text) };
    }

    it("is refused without the bearer token", async () => {
      for (const headers of [
        {},
        { authorization: "Bearer wrong-token-0123456789abcdef" },
        { authorization: METRICS_TOKEN },
      ] as Array<Record<string, string>>) {
        const res = await request(server.baseUrl, "GET", "/metrics", { headers });
        assert.equal(res.status, 401);
        assert.equal(res.body.error.code, "unauthorized");
      }
    });

    it("exposes every contract series with its type, and they move through login → queue → battle → result", async () => {
      const before = await scrape();
      const contract: Record<string, string> = {
        cardgame_logins_total: "counter",
        cardgame_steam_request_seconds: "histogram",
        cardgame_queue_tickets: "gauge",
        cardgame_queue_wait_seconds: "histogram",
        cardgame_matches_created_total: "counter",
        cardgame_match_rating_gap: "histogram",
        cardgame_battles_active: "gauge",
        cardgame_battle_actions_total: "counter",
        cardgame_battle_action_seconds: "histogram",
        cardgame_results_recorded_total: "counter",
        cardgame_results_pending: "gauge",
        cardgame_ccu: "gauge",
        process_cpu_user_seconds_total: "counter",
        nodejs_eventloop_lag_seconds: "gauge",
        nodejs_heap_size_used_bytes: "gauge",
      };
      for (const [name, type] of Object.entries(contract))
        assert.equal(typeOf(before.text, name.replace(/_total$/, "")) ?? typeOf(before.text, name), type, name);
      const value = (s: Map<string, number>, key: string) => s.get(key) ?? 0;

      // Login through Steam (the stub), twice.
      const steamIds = [nextSteamId(), nextSteamId()];
      const logins = await Promise.all(
        steamIds.map(async (id) => {
          const res = await request(server.baseUrl, "POST", "/auth/steam", { body: { ticket: stub.issueTicket(id) } });
          assert.equal(res.status, 200, JSON.stringify(res.body));
          return res.body as { accessToken: string };
        }),
      );
      const refused = await request(server.baseUrl, "POST", "/auth/steam", { body: { ticket: "not hex" } });
      assert.equal(refused.status, 400);

      const sdks = steamIds.map(() => server.sdk());
      for (const [i, sdk] of sdks.entries()) sdk.auth.token = logins[i].accessToken;
      const queueRooms = await Promise.all(sdks.map((sdk) => sdk.joinOrCreate("queue", {})));
      const queues = queueRooms.map((r) => new QueueInbox(r));
      const matched = await Promise.all(queues.map((q) => q.next("matched")));
      const battleRooms = await Promise.all(sdks.map((sdk, i) => sdk.consumeSeatReservation(matched[i].reservation)));
      const inboxes = battleRooms.map((r) => new Inbox(r));
      await Promise.all(queueRooms.map((r) => r.leave(true).catch(() => undefined)));

      const during = await scrape();
      assert.ok(value(during.samples, "cardgame_battles_active") >= 1, "a battle is active");
      assert.ok(value(during.samples, "cardgame_ccu") >= 2, "both players are connected");
      assert.ok(during.samples.has("cardgame_queue_tickets"));

      const results = await Promise.all(inboxes.map((inbox, i) => playWithBot(inbox, 777 + i)));
      assert.equal(results[0].pending, false);
      await waitFor(
        async () =>
          value((await scrape()).samples, "cardgame_results_recorded_total") >
          value(before.samples, "cardgame_results_recorded_total"),
        "the result to be counted",
      );
      const after = await scrape();

      const moved = (key: string, by = 1) => {
        const delta = value(after.samples, key) - value(before.samples, key);
        assert.ok(delta >= by, `${key} moved by ${delta}, expected at least ${by}`);
      };
      moved('cardgame_logins_total{outcome="success"}', 2);
      moved('cardgame_logins_total{outcome="invalid_request"}', 1);
      moved("cardgame_steam_request_seconds_count", 2);
      moved("cardgame_matches_created_total", 1);
      moved("cardgame_queue_wait_seconds_count", 2);
      moved("cardgame_match_rating_gap_count", 1);
      moved("cardgame_battle_actions_total", 2);
      moved("cardgame_battle_action_seconds_count", 2);
      moved("cardgame_results_recorded_total", 1);
      assert.equal(value(after.samples, "cardgame_results_pending"), 0);
      assert.ok(value(after.samples, "process_cpu_user_seconds_total") > 0);
    });
  });
}
