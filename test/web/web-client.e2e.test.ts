// The browser client, end to end: two Chromium pages play a ranked match against a real server process.
import assert from "node:assert/strict";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildWebClient } from "../../client/web/build";
import { testBackends, type Backend } from "../helpers/backends";
import { collectPageErrors, launchChromium, screenshot } from "../helpers/browser";
import { request } from "../helpers/http";
import { startServerProcess, type ServerProcess } from "../helpers/web-server-process";

const WAIT = { timeout: 30_000 };
const player = (backend: string, n: number) =>
  `765611980${backend === "postgres" ? "1" : "2"}${String(Date.now() % 1_000_000).padStart(6, "0")}${n}`.slice(0, 17);

async function login(page: Page, baseUrl: string, steamId: string): Promise<void> {
  await page.goto(baseUrl + "/");
  await page.getByTestId("login-steamid").fill(steamId);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("deck-select").waitFor(WAIT);
}

async function handIds(page: Page): Promise<string[]> {
  return (
    await page.getByTestId("hand-card").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.entityId ?? ""))
  ).sort();
}

/** The page whose turn it is (its End turn button is enabled), waiting for one. */
async function actingPage(pages: Page[]): Promise<Page> {
  const enabled = "[data-testid=end-turn]:not([disabled])";
  return Promise.any(
    pages.map((p) =>
      p
        .locator(enabled)
        .waitFor(WAIT)
        .then(() => p),
    ),
  );
}

/** Waits until the page got a fresh `legal` after its last action, or the turn passed to the opponent. */
async function settled(page: Page, before: string): Promise<void> {
  await page.waitForFunction(
    (prev) => {
      const el = document.querySelector("[data-testid=battle]") as HTMLElement | null;
      if (!el) return true;
      const id = el.dataset.legalStateId;
      const theirs = document.querySelector("[data-testid=turn-indicator]")?.classList.contains("theirs");
      return (id !== "none" && id !== prev) || theirs === true;
    },
    before,
    WAIT,
  );
}

async function legalStateId(page: Page): Promise<string> {
  return (await page.getByTestId("battle").getAttribute("data-legal-state-id")) ?? "none";
}

for (const backend of testBackends()) {
  describe(`web client in Chromium, end to end (${backend.name})`, function () {
    this.timeout(240_000);
    let server: ServerProcess;
    let dispose: () => Promise<void> = async () => undefined;
    let browser: Browser;
    let contexts: BrowserContext[] = [];
    let pages: Page[] = [];
    const errors: string[] = [];
    let matchId = "";

    before(async function () {
      this.timeout(180_000);
      await buildWebClient({ quiet: true });
      const provisioned = await (backend as Backend).provision();
      dispose = provisioned.dispose;
      server = await startServerProcess({ ...provisioned.env, MULLIGAN_SECONDS: "60", TURN_SECONDS: "120" });
      browser = await launchChromium();
      contexts = [
        await browser.newContext({ viewport: { width: 1400, height: 900 } }),
        await browser.newContext({ viewport: { width: 1400, height: 900 } }),
      ];
      pages = [await contexts[0].newPage(), await contexts[1].newPage()];
      for (const [i, p] of pages.entries()) collectPageErrors(p, `page ${i}`, errors);
    });

    afterEach(async function () {
      if (this.currentTest?.state !== "failed") return;
      for (const [i, page] of pages.entries())
        await screenshot(page, `failed-${backend.name}-page${i}`).catch(() => undefined);
    });

    after(async function () {
      this.timeout(60_000);
      await browser?.close().catch(() => undefined);
      await server?.stop();
      await dispose();
    });

    it("serves the page, its hashed assets as immutable, and keeps the JSON 404 for unknown /api routes", async () => {
      const page = await request(server.baseUrl, "GET", "/");
      assert.equal(page.status, 200);
      assert.match(String(page.headers.get("content-type")), /text\/html/);
      assert.equal(page.headers.get("cache-control"), "no-cache");
      const asset = /\/assets\/(main-[A-Z0-9]+\.js)/.exec(String(page.body))?.[1];
      assert.ok(asset, "index names a hashed script");
      const js = await request(server.baseUrl, "GET", `/assets/${asset}`);
      assert.equal(js.status, 200);
      assert.match(String(js.headers.get("cache-control")), /immutable/);
      const missing = await request(server.baseUrl, "GET", "/api/nothing-here");
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error.code, "not_found");
    });

    it("two players log in, queue, mulligan, play a card and attack by clicking, reload mid-battle, and finish", async () => {
      const ids = [player(backend.name, 1), player(backend.name, 2)];
      await login(pages[0], server.baseUrl, ids[0]);
      await login(pages[1], server.baseUrl, ids[1]);
      for (const page of pages) {
        const options = await page.getByTestId("deck-select").locator("option").count();
        assert.ok(options >= 1, "the player has decks to choose from");
        const value = await page.getByTestId("deck-select").locator("option").first().getAttribute("value");
        await page.getByTestId("deck-select").selectOption(value!);
        await page.getByTestId("queue-start").click();
      }
      await pages[0]
        .getByTestId("queue-status")
        .waitFor(WAIT)
        .catch(() => undefined);

      // Mulligan: the first player replaces one card, the second keeps the hand.
      for (const page of pages) await page.getByTestId("mulligan-confirm").waitFor(WAIT);
      await pages[0].locator("[data-testid=mulligan-confirm]:not([disabled])").waitFor(WAIT);
      await pages[0].getByTestId("hand-card").first().click();
      await pages[0].locator("[data-testid=hand-card][data-marked=true]").waitFor(WAIT);
      await pages[0].getByTestId("mulligan-confirm").click();
      await pages[1].locator("[data-testid=mulligan-confirm]:not([disabled])").waitFor(WAIT);
      await pages[1].getByTestId("mulligan-confirm").click();
      matchId = (await pages[0].getByTestId("battle").getAttribute("data-match-id")) ?? "";
      assert.match(matchId, /^[0-9a-f-]{36}$/);

      let played = 0;
      let attacked = 0;
      let reloaded = false;
      for (let step = 0; step < 80 && (played === 0 || attacked === 0); step++) {
        const page = await actingPage(pages);
        const before = await legalStateId(page);
        const attacker = page.locator("[data-testid=board-minion][data-side=me][data-can-attack=true]").first();
        const playable = page.locator("[data-testid=hand-card][data-playable=true]").first();
        if ((await attacker.count()) > 0) {
          // A newer `legal` (the opponent reconnecting, say) rightly cancels a choice in progress: the step is
          // then tried again with the fresh one, within the loop's bound.
          const chosen = await (async () => {
            await attacker.click({ timeout: 5000 });
            await page.getByTestId("target-option").first().waitFor({ timeout: 5000 });
            // Prefer the enemy hero when it may be attacked.
            const heroTarget = page.locator("[data-testid=hero-opponent] [data-testid=target-option]");
            await ((await heroTarget.count()) > 0 ? heroTarget : page.getByTestId("target-option").first()).click({
              timeout: 5000,
            });
          })().then(
            () => true,
            () => false,
          );
          if (!chosen) continue;
          attacked++;
        } else if ((await playable.count()) > 0) {
          const entity = await playable.getAttribute("data-entity-id");
          await playable.click();
          // A card that takes a target shows its legal targets: click one.
          const target = page.getByTestId("target-option").first();
          await Promise.race([
            target
              .waitFor({ timeout: 2000 })
              .then(() => target.click())
              .catch(() => undefined),
            page
              .locator(`[data-testid=hand-card][data-entity-id="${entity}"]`)
              .waitFor({ state: "detached", timeout: 2000 })
              .catch(() => undefined),
          ]);
          played++;
          await screenshot(page, `battle-${backend.name}`);
        } else {
          await page.getByTestId("end-turn").click();
        }
        await settled(page, before);

        if (played > 0 && !reloaded) {
          // Reload one tab mid-battle: same battle, same hand, and the game goes on.
          reloaded = true;
          const reloadPage = pages[1];
          await reloadPage.getByTestId("battle").waitFor(WAIT);
          const handBefore = await handIds(reloadPage);
          await reloadPage.reload();
          await reloadPage.getByTestId("battle").waitFor(WAIT);
          await reloadPage.waitForFunction(
            (n) => document.querySelectorAll("[data-testid=hand-card]").length === n,
            handBefore.length,
            WAIT,
          );
          assert.deepEqual(await handIds(reloadPage), handBefore);
          assert.equal(await reloadPage.getByTestId("battle").getAttribute("data-match-id"), matchId);
          const count = await reloadPage.getByTestId("opponent-hand-count").textContent();
          assert.match(count ?? "", /^\d+$/);
        }
      }
      assert.ok(played > 0, "a card was played by clicking");
      assert.ok(attacked > 0, "an attack was made by clicking");
      assert.ok(reloaded);

      // Timer, heroes and opponent hand show numbers.
      assert.match((await pages[0].getByTestId("turn-timer").textContent()) ?? "", /^\d+$/);
      assert.match((await pages[0].getByTestId("hero-opponent").getAttribute("data-health")) ?? "", /^-?\d+$/);

      // The second player concedes (with a confirm).
      await pages[1].getByTestId("concede").click();
      await pages[1].getByTestId("concede-confirm").click();
      for (const page of pages) await page.getByTestId("result-screen").waitFor(WAIT);
      await screenshot(pages[0], `result-${backend.name}`);
      assert.equal(await pages[0].getByTestId("result-screen").getAttribute("data-outcome"), "win");
      assert.equal(await pages[1].getByTestId("result-screen").getAttribute("data-outcome"), "loss");
      assert.equal(await pages[1].getByTestId("result-screen").getAttribute("data-reason"), "concede");
      assert.match((await pages[0].getByTestId("rating-change").textContent()) ?? "", /^\+\d+$/);
      assert.match((await pages[1].getByTestId("rating-change").textContent()) ?? "", /^-\d+$/);
      // The result screen's rank and level (docs/ranked.md): the winner climbs from Bronze IV 0, the loser stays.
      assert.match(
        (await pages[0].getByTestId("result-rank").textContent()) ?? "",
        /^Rank Bronze IV · 0 pts → Bronze IV · [1-9]\d* pts$/,
      );
      assert.equal(await pages[1].getByTestId("result-rank-after").textContent(), "Bronze IV · 0 pts");
      assert.match((await pages[0].getByTestId("result-level").textContent()) ?? "", /^Level \d+/);

      const auth = await request(server.baseUrl, "POST", "/auth/steam", { body: { ticket: `dev:${ids[0]}` } });
      const recorded = await request(server.baseUrl, "GET", `/api/matches/${matchId}`, {
        token: auth.body.accessToken,
      });
      assert.equal(recorded.status, 200, "the database has the match");
      assert.equal(recorded.body.reason, "concede");
      assert.equal(recorded.body.winnerSteamId, ids[0]);
    });

    it("replay viewer: steps through the finished match and its final hash matches", async () => {
      const page = pages[0];
      await page.getByTestId("replay-open").click();
      await page.getByTestId("replay-hash-status").waitFor(WAIT);
      await page.getByTestId("replay-step-forward").click();
      await page.getByTestId("replay-step-back").click();
      await page.getByTestId("replay-to-end").click();
      assert.equal(await page.getByTestId("replay-step-forward").isDisabled(), true);
      assert.equal((await page.getByTestId("replay-hash-status").textContent())?.trim(), "match");
      await screenshot(page, `replay-${backend.name}`);
    });

    it("deck builder: an invalid deck shows the server's error on its field; a valid one is saved", async () => {
      const page = pages[0];
      await page.goto(server.baseUrl + "/#/decks");
      await page.getByTestId("deck-new").waitFor(WAIT);
      const decksBefore = await page.getByTestId("deck-row").count();
      const errorsBefore = errors.length;

      // No name: the error sits on the name field.
      await page.getByTestId("deck-new").click();
      await page.getByTestId("deck-card-add").first().click();
      await page.getByTestId("deck-save").click();
      await page.locator("[data-testid=field-error][data-field=name]").waitFor(WAIT);

      // One card: the error sits on the card total.
      await page.getByTestId("deck-name").fill("Too few cards");
      await page.getByTestId("deck-save").click();
      await page.locator("[data-testid=field-error][data-field=cards]").waitFor(WAIT);
      assert.match((await page.locator("[data-testid=field-error][data-field=cards]").textContent()) ?? "", /30/);

      // Three copies of one card: the error sits on that card.
      await page.getByTestId("deck-card-add").first().click();
      await page.getByTestId("deck-card-add").first().click();
      await page.getByTestId("deck-save").click();
      await page.locator("[data-testid=deck-card] [data-testid=field-error]").first().waitFor(WAIT);
      // The browser logs each refused request (400) as a console error: exactly those three, nothing else.
      const refused = errors.splice(errorsBefore);
      assert.equal(refused.length, 3, refused.join("\n"));
      for (const line of refused) assert.match(line, /status of 400/);

      // A copy of a starter deck under a new name is valid and saved.
      await page.getByTestId("deck-cancel").click();
      await page.getByTestId("deck-copy").first().click();
      await page.getByTestId("deck-name").fill("My e2e deck");
      await page.getByTestId("deck-save").click();
      await page.waitForFunction(
        (n) => document.querySelectorAll("[data-testid=deck-row]").length === n + 1,
        decksBefore,
        WAIT,
      );
      assert.ok((await page.getByTestId("deck-row").allTextContents()).some((t) => t.includes("My e2e deck")));
      await page.goto(server.baseUrl + "/#/play");
      await page.getByTestId("deck-select").waitFor(WAIT);
      assert.ok(
        (await page.getByTestId("deck-select").locator("option").allTextContents()).some((t) =>
          t.includes("My e2e deck"),
        ),
      );
    });

    it("profile, history and leaderboard show the finished match", async () => {
      const page = pages[1];
      await page.goto(server.baseUrl + "/#/profile");
      await page.locator(`[data-testid=history-row][data-match-id="${matchId}"]`).waitFor(WAIT);
      assert.equal(await page.getByTestId("profile-games").textContent(), "1");
      assert.equal(await page.getByTestId("profile-rank").getAttribute("data-tier"), "bronze");
      assert.match((await page.getByTestId("profile-season").textContent()) ?? "", /Season 1/);
      await page.goto(server.baseUrl + "/#/leaderboard");
      await page.getByTestId("leaderboard").waitFor(WAIT);
    });

    it("logout ends the session: the login form is back and stays after a reload", async () => {
      const page = pages[1];
      await page.getByTestId("logout").click();
      await page.getByTestId("login-steamid").waitFor(WAIT);
      await page.reload();
      await page.getByTestId("login-steamid").waitFor(WAIT);
    });

    it("had no console errors on either page", () => {
      assert.deepEqual(errors, []);
    });
  });
}
