// Replay viewer: GET /matches/:id/replay, re-simulated here with the rules engine (src/game), stepped one
// intent at a time from the viewer's seat. The opponent's hand stays hidden as in the live game (engine view()).
import {
  apply,
  createMatch,
  forfeit,
  hash,
  view,
  viewEvents,
  type GameEvent,
  type Seat,
  type State,
} from "../../../../src/game";
import type { StoredReplay } from "../api";
import { renderBoard, type BoardModel, type SideModel } from "../board";
import type { Context } from "../context";
import { h, mount } from "../dom";
import { describeEvent } from "../event-text";

interface Step {
  state: State;
  events: GameEvent[];
  label: string;
}

/** Every state of the match, as the server's verifyReplay rebuilds it (src/battle/stored-replay.ts). */
export function simulate(replay: StoredReplay): { steps: Step[]; hashMatches: boolean } {
  const decks = replay.players
    .slice()
    .sort((a, b) => a.seat - b.seat)
    .map((p) => p.deck);
  let state = createMatch({ seed: replay.seed, decks });
  const steps: Step[] = [{ state, events: [], label: "Opening hands" }];
  for (const entry of replay.intentLog) {
    const r = apply(state, entry.seat, entry.intent);
    if (!r.ok) {
      steps.push({ state, events: [], label: `Refused: ${r.error.code}` });
      return { steps, hashMatches: false };
    }
    state = r.state;
    steps.push({ state, events: r.events, label: `Seat ${entry.seat}: ${entry.intent.type}` });
  }
  if (replay.forfeit) {
    const f = forfeit(state, replay.forfeit.seat, replay.forfeit.reason);
    state = f.state;
    steps.push({ state, events: f.events, label: `Forfeit (${replay.forfeit.reason})` });
  }
  return { steps, hashMatches: hash(state) === replay.finalHash };
}

function model(state: State, seat: Seat, names: [string, string]): BoardModel {
  const v = view(state, seat);
  const side = (s: typeof v.you | typeof v.opponent, name: string): SideModel => ({
    seat: s.seat,
    name,
    health: s.hero.health,
    maxHealth: s.hero.maxHealth,
    armor: s.hero.armor,
    frozen: s.hero.frozen,
    mana: s.mana,
    maxMana: s.maxMana,
    deckCount: s.deckCount,
    handCount: s.handCount,
    connected: true,
    board: s.board,
  });
  return {
    me: { ...side(v.you, names[0]), hand: v.you.hand },
    opponent: side(v.opponent, names[1]),
    current: v.current,
    phase: v.phase === "over" ? "over" : v.phase,
  };
}

export async function replayScreen(ctx: Context, el: HTMLElement, matchId: string): Promise<() => void> {
  mount(el, h("p", { class: "center muted" }, "Loading replay…"));
  const replay = await ctx.api.replay(matchId);
  const me = replay.players.find((p) => p.steamId === ctx.auth.session?.steamId) ?? replay.players[0];
  const seat = me.seat;
  const { steps, hashMatches } = simulate(replay);
  let index = 0;

  const onKey = (e: KeyboardEvent) => {
    if (e.key === "ArrowRight") go(index + 1);
    if (e.key === "ArrowLeft") go(index - 1);
  };
  const go = (i: number) => {
    index = Math.max(0, Math.min(steps.length - 1, i));
    draw();
  };
  const draw = () => {
    const names = new Map<string, string>();
    const lines: string[] = [];
    for (let i = 0; i <= index; i++) {
      for (const e of viewEvents(steps[i].events, seat)) {
        const line = describeEvent(e as never, seat, ctx.card, names);
        if (line && i === index) lines.push(line);
      }
    }
    const step = steps[index];
    mount(
      el,
      h(
        "div",
        { class: "battle replay" },
        renderBoard(model(step.state, seat, ["You", "Opponent"]), ctx.card),
        h(
          "aside",
          { class: "battle-side" },
          h("h2", null, "Replay"),
          h("div", { class: "muted" }, `Match ${replay.matchId.slice(0, 8)} · ${replay.endReason}`),
          h("div", { class: "replay-step", testid: "replay-step" }, `Step ${index} / ${steps.length - 1}`),
          h("div", { class: "muted" }, step.label),
          h(
            "div",
            { class: "replay-controls" },
            h("button", { testid: "replay-step-back", disabled: index === 0, onClick: () => go(index - 1) }, "◀ Back"),
            h(
              "button",
              { testid: "replay-step-forward", disabled: index === steps.length - 1, onClick: () => go(index + 1) },
              "Forward ▶",
            ),
            h("button", { testid: "replay-to-end", onClick: () => go(steps.length - 1) }, "To end »"),
          ),
          h(
            "div",
            { class: `hash ${hashMatches ? "ok" : "bad"}` },
            "Final state hash: ",
            h("b", { testid: "replay-hash-status" }, hashMatches ? "match" : "mismatch"),
          ),
          h(
            "p",
            { class: "hint" },
            hashMatches
              ? "Re-simulated in your browser: the same final state as the server recorded."
              : "The re-simulation did not reach the recorded final state.",
          ),
          h("h3", null, "This step"),
          h(
            "ol",
            { class: "log" },
            lines.map((l) => h("li", null, l)),
          ),
          h("button", { class: "link", onClick: () => history.back() }, "← Back"),
        ),
      ),
    );
  };
  window.addEventListener("keydown", onKey);
  draw();
  return () => window.removeEventListener("keydown", onKey);
}
