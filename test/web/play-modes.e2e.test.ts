// The browser client's play modes, end to end: a friend challenge by code, a spectator watching it, a casual match.
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { buildWebClient } from "../../client/web/build";
import { testBackends, type Backend } from "../helpers/backends";
import { collectPageErrors, launchChromium, screenshot } from "../helpers/browser";
import { request } from "../helpers/http";
import { startServerProcess, type ServerProcess } from "../helpers/web-server-process";

const WAIT = { timeout: 30_000 };
const player = (backend: string, n: number) =>
  `765611980${backend === "postgres" ? "3" : "4"}${String(Date.now() % 1_000_000).padStart(6, "0")}${n}`.slice(0, 17);

async function login(page: Page, baseUrl: string, steamId: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByTestId("login-steamid").fill(steamId);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("deck-select").waitFor(WAIT);
}

/** Both players keep their hands; the battle is then in `playing`. */
async function keepHands(pages: Page[]): Promise<void> {
  for (const page of pages) {
    await page.locator("[data-testid=mulligan-confirm]:not([disabled])").waitFor(WAIT);
    await page.getByTestId("mulligan-confirm").click();
  }
  for (const page of pages) await page.locator("[data-testid=battle][data-phase=playing]").waitFor(WAIT);
}

async function concede(loser: Page, both: Page[]): Promise<void> {
  await loser.getByTestId("concede").click();
  await loser.getByTestId("concede-confirm").click();
  for (const page of both) await page.getByTestId("result-screen").waitFor(WAIT);
}

for (const backend of testBackends()) {
  describe(`web client play modes in Chromium (${backend.name})`, function () {
    this.timeout(240_000);
    let server: ServerProcess;
    let dispose: () => Promise<void> = async () => undefined;
    let browser: Browser;
    let pages: Page[] = [];
    const errors: string[] = [];
    const ids = [player(backend.name, 1), player(backend.name, 2), player(backend.name, 3)];

    before(async function () {
      this.timeout(180_000);
      await buildWebClient({ quiet: true });
      const provisioned = await (backend as Backend).provision();
      dispose = provisioned.dispose;
      server = await startServerProcess({ ...provisioned.env, MULLIGAN_SECONDS: "60", TURN_SECONDS: "120" });
      browser = await launchChromium();
      pages = [];
      for (let i = 0; i < 3; i++) {
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
        pages.push(await context.newPage());
      }
      for (const [i, p] of pages.entries()) collectPageErrors(p, `page ${i}`, errors);
    });

    afterEach(async function () {
      if (this.currentTest?.state !== "failed") return;
      for (const [i, page] of pages.entries())
        await screenshot(page, `modes-failed-${backend.name}-page${i}`).catch(() => undefined);
    });

    after(async function () {
      this.timeout(60_000);
      await browser?.close().catch(() => undefined);
      await server?.stop();
      await dispose();
    });

    it("a friend challenge by code, watched by a third player who sees neither hand", async () => {
      const [host, friend, watcher] = pages;
      for (const [i, page] of pages.entries()) await login(page, server.baseUrl, ids[i]);

      await host.getByTestId("mode-select").selectOption("challenge");
      await host.getByTestId("challenge-create").click();
      const code = (await host.getByTestId("challenge-code").textContent()) ?? "";
      assert.match(code, /^[A-HJKMNP-Z2-9]{6}$/);
      await screenshot(host, `modes-challenge-created-${backend.name}`);

      // A wrong code is explained.
      await friend.getByTestId("mode-select").selectOption("challenge");
      await friend.getByTestId("challenge-code-input").fill("ZZZZZZ");
      await friend.getByTestId("queue-start").click();
      await friend.getByText("No open challenge has this code").waitFor(WAIT);

      await friend.getByTestId("challenge-code-input").fill(code.toLowerCase());
      await friend.getByTestId("queue-start").click();
      await host.getByTestId("queue-start").click();
      await keepHands([host, friend]);
      const matchId = (await host.getByTestId("battle").getAttribute("data-match-id")) ?? "";
      await screenshot(friend, `modes-challenge-battle-${backend.name}`);

      await watcher.goto(`${server.baseUrl}/#/watch`);
      const row = watcher.locator(`[data-testid=live-battle]`).first();
      await row.waitFor(WAIT);
      await screenshot(watcher, `modes-watch-list-${backend.name}`);
      await row.getByTestId("watch-battle").click();
      await watcher.locator(`[data-testid=spectate][data-match-id="${matchId}"]`).waitFor(WAIT);
      await watcher.waitForFunction(
        () => document.querySelector("[data-testid=spectator-count]")?.textContent === "1",
        null,
        WAIT,
      );
      assert.equal(await watcher.getByTestId("hand-card").count(), 0, "no hand card on the spectator's page");
      assert.match((await watcher.getByTestId("seat0-hand-count").textContent()) ?? "", /^\d+$/);
      await screenshot(watcher, `modes-spectating-${backend.name}`);

      await concede(friend, [host, friend]);
      await watcher.getByText("The battle is over.").waitFor(WAIT);
      assert.equal(await host.getByTestId("result-screen").getAttribute("data-outcome"), "win");
      await screenshot(host, `modes-challenge-result-${backend.name}`);
      const auth = await request(server.baseUrl, "POST", "/auth/steam", { body: { ticket: `dev:${ids[0]}` } });
      const recorded = await request(server.baseUrl, "GET", `/api/matches/${matchId}`, {
        token: auth.body.accessToken,
      });
      assert.equal(recorded.status, 200);
      assert.equal(recorded.body.mode, "challenge");
      assert.equal(recorded.body.participants[0].ratingChange, 0);
    });

    it("two players find each other in the casual queue; the match is recorded as casual", async () => {
      const [a, b] = pages;
      for (const page of [a, b]) {
        await page.goto(`${server.baseUrl}/#/play`);
        await page.getByTestId("mode-select").waitFor(WAIT);
        await page.getByTestId("mode-select").selectOption("casual");
        assert.equal(await page.getByTestId("queue-start").textContent(), "Find casual match");
        await page.getByTestId("queue-start").click();
      }
      await keepHands([a, b]);
      const matchId = (await a.getByTestId("battle").getAttribute("data-match-id")) ?? "";
      await concede(b, [a, b]);
      const auth = await request(server.baseUrl, "POST", "/auth/steam", { body: { ticket: `dev:${ids[0]}` } });
      const recorded = await request(server.baseUrl, "GET", `/api/matches/${matchId}`, {
        token: auth.body.accessToken,
      });
      assert.equal(recorded.body.mode, "casual");
      const me = await request(server.baseUrl, "GET", "/api/me", { token: auth.body.accessToken });
      assert.equal(me.body.games, 0, "unrated matches leave the ladder counters alone");
    });

    it("had no console errors on any page", () => {
      assert.deepEqual(errors, []);
    });
  });
}
