// Play: choose a mode (ranked, casual, friend challenge) and a deck, join the queue (waiting time, queue size,
// cancel), then take the battle seat.
import type { Room } from "@colyseus/sdk";
import type { Deck } from "../api";
import type { Context } from "../context";
import { h, mount } from "../dom";
import { describeError, readable } from "../errors";
import { startBattle } from "./battle";

function deckTotal(deck: Deck): number {
  return deck.cards.reduce((n, c) => n + c.count, 0);
}

function formatWait(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export async function lobbyScreen(ctx: Context, el: HTMLElement): Promise<() => void> {
  const [{ decks }, profile] = await Promise.all([ctx.api.decks(), ctx.api.profile()]);
  let queue: Room | null = null;
  let ticker: number | undefined;
  let leaving = false;

  const select = h(
    "select",
    { testid: "deck-select", id: "deck-select" },
    decks.map((d) =>
      h(
        "option",
        { value: d.id, selected: d.isDefault },
        `${d.name}${d.isDefault ? " ★" : ""}${deckTotal(d) !== 30 ? ` (${deckTotal(d)}/30)` : ""}`,
      ),
    ),
  );
  const error = h("p", { class: "error", testid: "queue-error", role: "alert" });
  const start = h("button", { class: "primary big", testid: "queue-start" }, "Find ranked match");
  const modeSelect = h(
    "select",
    { testid: "mode-select", id: "mode-select" },
    h("option", { value: "ranked" }, "Ranked"),
    h("option", { value: "casual" }, "Casual (unrated)"),
    h("option", { value: "challenge" }, "Friend challenge (unrated)"),
  ) as HTMLSelectElement;
  const codeInput = h("input", {
    testid: "challenge-code-input",
    id: "challenge-code",
    placeholder: "Friend's code, e.g. K7PQ2Z",
    maxlength: "8",
    autocomplete: "off",
  }) as HTMLInputElement;
  const createdCode = h("p", { class: "muted", testid: "challenge-created" });
  const createCode = h("button", { testid: "challenge-create" }, "Create a code");
  const challengePanel = h(
    "div",
    { class: "challenge-panel", testid: "challenge-panel", hidden: true },
    h("div", null, createCode, " or enter your friend's: ", codeInput),
    createdCode,
  );
  const modeLabel = () =>
    ({ ranked: "Find ranked match", casual: "Find casual match", challenge: "Join the challenge" })[modeSelect.value] ??
    "Play";
  modeSelect.addEventListener("change", () => {
    challengePanel.hidden = modeSelect.value !== "challenge";
    start.textContent = modeLabel();
  });
  createCode.addEventListener("click", async () => {
    error.textContent = "";
    try {
      const { code, expiresAt } = await ctx.api.createChallenge();
      codeInput.value = code;
      createdCode.replaceChildren(
        "Your code: ",
        h("b", { testid: "challenge-code" }, code),
        ` — give it to your friend; it expires at ${new Date(expiresAt).toLocaleTimeString()}.`,
      );
    } catch (err) {
      error.textContent = describeError(err);
    }
  });
  const joinOptions = (): Record<string, string> => {
    const options: Record<string, string> = { mode: modeSelect.value };
    if (select.value) options.deckId = select.value;
    if (modeSelect.value === "challenge") options.code = codeInput.value.trim();
    return options;
  };
  const cancel = h("button", { testid: "queue-cancel", hidden: true }, "Cancel");
  const waited = h("span", { testid: "queue-waited" }, "0:00");
  const size = h("span", { testid: "queue-size" }, "–");
  const status = h(
    "div",
    { class: "queue-status", testid: "queue-status", hidden: true },
    h("div", { class: "spinner" }),
    h("div", null, "Searching for an opponent… ", waited),
    h("div", { class: "muted" }, "Players in queue: ", size),
  );

  const setQueued = (on: boolean) => {
    status.hidden = !on;
    cancel.hidden = !on;
    start.hidden = on;
    select.disabled = on;
    modeSelect.disabled = on;
    codeInput.disabled = on;
    createCode.disabled = on;
    if (!on) window.clearInterval(ticker);
  };

  const join = async () => {
    error.textContent = "";
    start.disabled = true;
    try {
      const client = ctx.colyseus();
      const room = await client.joinOrCreate("queue", joinOptions());
      queue = room;
      let enqueuedAt = Date.now();
      setQueued(true);
      ticker = window.setInterval(() => (waited.textContent = formatWait(Date.now() - enqueuedAt)), 500);
      room.onMessage("queued", (m: { enqueuedAt: number; queueSize: number }) => {
        enqueuedAt = m.enqueuedAt;
        size.textContent = String(m.queueSize);
      });
      room.onMessage(
        "requeued",
        () => (error.textContent = "Your opponent did not show up: you are back in the queue, first in line."),
      );
      room.onMessage(
        "replaced",
        () => (error.textContent = "You joined the queue from another window; this one stopped."),
      );
      room.onMessage(
        "error",
        (e: { code: string; message: string }) => (error.textContent = readable(e.code, e.message)),
      );
      room.onMessage("matched", async ({ reservation }: { reservation: unknown }) => {
        leaving = true;
        window.clearInterval(ticker);
        status.firstElementChild?.nextElementSibling?.replaceChildren("Opponent found! Joining the battle…");
        void room.leave();
        try {
          const battle = await client.consumeSeatReservation(
            reservation as Parameters<typeof client.consumeSeatReservation>[0],
          );
          startBattle(ctx, battle);
        } catch (err) {
          leaving = false;
          setQueued(false);
          error.textContent = `Could not join the battle: ${describeError(err)}`;
        }
      });
      room.onLeave(() => {
        queue = null;
        if (!leaving) setQueued(false);
      });
    } catch (err) {
      error.textContent = describeError(err);
      setQueued(false);
    } finally {
      start.disabled = false;
    }
  };

  start.addEventListener("click", () => void join());
  cancel.addEventListener("click", () => {
    queue?.send("cancel");
  });

  mount(
    el,
    h(
      "section",
      { class: "lobby" },
      h(
        "div",
        { class: "panel play-panel" },
        h("h2", null, "Play a match"),
        h(
          "div",
          { class: "standing" },
          h("div", { class: "tier" }, profile.provisional ? "Unranked (provisional)" : profile.rankTier),
          h(
            "div",
            null,
            "MMR ",
            h("b", null, Math.round(profile.displayedMmr)),
            " · Level ",
            profile.level,
            " · ",
            profile.wins,
            "W ",
            profile.losses,
            "L ",
            profile.draws,
            "D",
          ),
        ),
        decks.length === 0
          ? h("p", null, "You have no deck. ", h("a", { href: "#/decks" }, "Build one"), ".")
          : h("label", { for: "deck-select" }, "Deck"),
        select,
        h("label", { for: "mode-select" }, "Mode"),
        modeSelect,
        challengePanel,
        h("div", { class: "queue-actions" }, start, cancel),
        status,
        error,
      ),
    ),
  );
  return () => {
    window.clearInterval(ticker);
    if (queue && !leaving) queue.send("cancel");
  };
}
