// Watch: the live battles whose players allow spectators, and a read-only board of one of them. A spectator
// gets the public state only (no hand of either player) and the events as a third party sees them.
import type { Room } from "@colyseus/sdk";
import type { LiveBattle } from "../api";
import { renderBoard, type BoardModel, type SideModel } from "../board";
import type { Context } from "../context";
import { h, mount } from "../dom";
import { describeError } from "../errors";
import { describeEvent } from "../event-text";

// biome-ignore lint/suspicious/noExplicitAny: the schema state is decoded by the SDK without static types
type AnyState = any;

function side(p: AnyState, seat: number): SideModel {
  return {
    seat,
    name: `Seat ${seat + 1} · ${p?.steamId ?? ""}`,
    health: p?.health ?? 0,
    maxHealth: p?.maxHealth ?? 0,
    armor: p?.armor ?? 0,
    frozen: Boolean(p?.heroFrozen),
    mana: p?.mana ?? 0,
    maxMana: p?.maxMana ?? 0,
    deckCount: p?.deckCount ?? 0,
    handCount: p?.handCount ?? 0,
    connected: p?.connected ?? true,
    board: Array.from((p?.board ?? []) as Iterable<AnyState>).map((m) => ({
      id: m.id,
      card: m.card,
      attack: m.attack,
      health: m.health,
      maxHealth: m.maxHealth,
      keywords: Array.from(m.keywords ?? []) as string[],
      sick: m.sick,
      frozen: m.frozen,
      silenced: m.silenced,
    })),
  };
}

function watchBattle(ctx: Context, el: HTMLElement, room: Room, back: () => void): () => void {
  const log: string[] = [];
  const names = new Map<string, string>();
  // The log speaks from seat 0's side ("You" / "Opponent"); a spectator reads seats instead.
  const seatWords = (line: string) => line.replace(/\bYou\b/g, "Seat 1").replace(/\bOpponent\b/g, "Seat 2");
  let ended = false;
  const draw = () => {
    const s = room.state as AnyState;
    if (!s?.players || s.players.length < 2) return;
    const players = s.players.toArray ? s.players.toArray() : Array.from(s.players);
    // Seat 1 on top, seat 0 below; neither hand is known to a spectator: both show only their size.
    const model: BoardModel = {
      me: { ...side(players[0], 0), hand: [] },
      opponent: side(players[1], 1),
      current: s.currentSeat,
      phase: s.phase,
    };
    mount(
      el,
      h(
        "div",
        { class: "battle spectating", testid: "spectate", "data-phase": s.phase, "data-match-id": s.matchId ?? "" },
        h(
          "div",
          { class: "banner", testid: "spectate-banner" },
          ended ? "The battle is over." : `Watching · turn ${s.turn} · seat ${s.currentSeat + 1} to play`,
        ),
        renderBoard(model, ctx.card, {}, true),
        h(
          "aside",
          { class: "battle-side" },
          h("div", { class: "turn-indicator theirs" }, "Spectating"),
          h("div", null, "Spectators: ", h("b", { testid: "spectator-count" }, s.spectators ?? 0)),
          h(
            "div",
            null,
            "Seat 1 hand: ",
            h("span", { testid: "seat0-hand-count" }, players[0]?.handCount ?? 0),
            " · Seat 2 hand: ",
            h("span", { testid: "seat1-hand-count" }, players[1]?.handCount ?? 0),
          ),
          h("button", { testid: "spectate-leave", onClick: () => void room.leave().then(back) }, "Stop watching"),
          h("h3", null, "Battle log"),
          h(
            "ol",
            { class: "log", testid: "spectate-log" },
            log.slice(-60).map((line) => h("li", null, line)),
          ),
        ),
      ),
    );
  };
  room.onStateChange(draw);
  room.onMessage("events", (m: { events: Array<Record<string, unknown>> }) => {
    for (const e of m.events) {
      const line = describeEvent(e as { type: string }, 0, ctx.card, names);
      if (line) log.push(seatWords(line));
    }
    draw();
  });
  room.onMessage("error", () => undefined);
  room.onLeave(() => {
    ended = true;
    draw();
  });
  draw();
  return () => void room.leave().catch(() => undefined);
}

export async function watchScreen(ctx: Context, el: HTMLElement): Promise<() => void> {
  let stop: (() => void) | null = null;
  const error = h("p", { class: "error", testid: "watch-error", role: "alert" });
  const list = h("div", { testid: "live-battles" });
  const settingBox = h("input", { type: "checkbox", testid: "allow-spectators" }) as HTMLInputElement;

  const spectate = async (battle: LiveBattle) => {
    error.textContent = "";
    try {
      const room = await ctx.colyseus().joinById(battle.roomId, { spectate: true });
      stop = watchBattle(ctx, el, room, () => void load());
    } catch (err) {
      error.textContent = `Could not watch this battle: ${describeError(err)}`;
    }
  };

  const load = async () => {
    const [{ battles }, settings] = await Promise.all([ctx.api.liveBattles(), ctx.api.settings()]);
    settingBox.checked = settings.allowSpectators;
    list.replaceChildren(
      battles.length === 0
        ? h("p", { class: "muted", testid: "no-live-battles" }, "No battle to watch right now.")
        : h(
            "table",
            { class: "table" },
            h(
              "thead",
              null,
              h(
                "tr",
                null,
                h("th", null, "Mode"),
                h("th", null, "Players"),
                h("th", null, "Turn"),
                h("th", null, "Spectators"),
                h("th", null, ""),
              ),
            ),
            h(
              "tbody",
              null,
              battles.map((b) =>
                h(
                  "tr",
                  { testid: "live-battle", "data-room-id": b.roomId },
                  h("td", null, b.mode),
                  h("td", null, `${b.players[0]} vs ${b.players[1]}`),
                  h("td", null, b.turn),
                  h("td", null, `${b.spectators}/${b.maxSpectators}`),
                  h(
                    "td",
                    null,
                    h(
                      "button",
                      {
                        class: "primary",
                        testid: "watch-battle",
                        disabled: b.spectators >= b.maxSpectators,
                        onClick: () => void spectate(b),
                      },
                      "Watch",
                    ),
                  ),
                ),
              ),
            ),
          ),
    );
  };

  settingBox.addEventListener("change", async () => {
    try {
      await ctx.api.updateSettings({ allowSpectators: settingBox.checked });
    } catch (err) {
      error.textContent = describeError(err);
    }
  });

  mount(
    el,
    h(
      "section",
      { class: "panel watch" },
      h("h2", null, "Watch a live battle"),
      h("label", { class: "setting" }, settingBox, " Let others watch my matches"),
      h(
        "div",
        null,
        h(
          "button",
          {
            testid: "refresh-live",
            onClick: () => void load().catch((err) => (error.textContent = describeError(err))),
          },
          "Refresh",
        ),
      ),
      list,
      error,
    ),
  );
  await load();
  return () => stop?.();
}
