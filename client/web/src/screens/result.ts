// The end of a match: outcome, reason, rating before → after, XP; "pending" when the server parked the result.
import type { MatchRank, RankValue } from "../api";
import type { Context } from "../context";
import { h, mount } from "../dom";

export interface ShownResult {
  matchId: string;
  outcome: "win" | "loss" | "draw";
  reason: string;
  pending: boolean;
  ratingBefore: number | null;
  ratingAfter: number | null;
  ratingChange: number | null;
  xpGained: number | null;
  levelBefore: number | null;
  levelAfter: number | null;
  rank: MatchRank | null;
}

let last: ShownResult | null = null;

export function setLastResult(result: ShownResult): void {
  last = result;
}

/** The outcome of `matchId` from GET /api/me/matches (for a player who missed the `result` message). */
export async function resultFromHistory(ctx: Context, matchId: string): Promise<ShownResult | null> {
  const { matches } = await ctx.api.matches(null, 20);
  const m = matches.find((x) => x.matchId === matchId);
  if (!m) return null;
  return {
    matchId,
    outcome: m.result,
    reason: m.reason,
    pending: false,
    ratingBefore: m.ratingBefore,
    ratingAfter: m.ratingAfter,
    ratingChange: m.ratingChange,
    xpGained: m.xpGained,
    levelBefore: m.levelBefore,
    levelAfter: m.levelAfter,
    rank: m.rank,
  };
}

const REASONS: Record<string, string> = {
  hero_destroyed: "A hero was destroyed.",
  draw: "Both heroes fell at once.",
  turn_limit: "The turn limit was reached.",
  concede: "A player conceded.",
  afk: "A player let the timer run out three times.",
  disconnect: "A player left or did not come back in time.",
};

const ROMAN = ["", "I", "II", "III", "IV"];

/** "Gold II · 40 pts"; Master has no division. */
export function rankText(r: RankValue): string {
  const tier = r.tier.charAt(0).toUpperCase() + r.tier.slice(1);
  return r.tier === "master"
    ? `${tier} · ${r.points} pts`
    : `${tier} ${ROMAN[r.division] ?? r.division} · ${r.points} pts`;
}

export function signed(n: number): string {
  const r = Math.round(n);
  return r > 0 ? `+${r}` : r < 0 ? `-${Math.abs(r)}` : "0";
}

export async function resultScreen(ctx: Context, el: HTMLElement, matchId: string): Promise<void> {
  let shown = last && (!matchId || last.matchId === matchId) ? last : null;
  if (!shown && matchId) shown = await resultFromHistory(ctx, matchId);
  if (!shown) return ctx.go("#/play");
  const r = shown;
  const title = r.outcome === "win" ? "Victory" : r.outcome === "loss" ? "Defeat" : "Draw";
  mount(
    el,
    h(
      "section",
      {
        class: `result-screen outcome-${r.outcome}`,
        testid: "result-screen",
        "data-outcome": r.outcome,
        "data-reason": r.reason,
        "data-match-id": r.matchId,
      },
      h("h1", null, title),
      h("p", { class: "reason" }, REASONS[r.reason] ?? r.reason),
      r.pending
        ? h(
            "div",
            { class: "pending", testid: "result-pending" },
            h("p", null, "Rating: ", h("span", { testid: "rating-change" }, "pending")),
            h(
              "p",
              { class: "muted" },
              "The server could not reach its database when the match ended. The result is kept safe and will be recorded shortly: it will show in your match history and profile.",
            ),
          )
        : h(
            "div",
            { class: "rating" },
            h(
              "div",
              { class: "rating-line" },
              "Rating ",
              h("b", null, r.ratingBefore === null ? "?" : Math.round(r.ratingBefore)),
              " → ",
              h("b", null, r.ratingAfter === null ? "?" : Math.round(r.ratingAfter)),
              " (",
              h(
                "span",
                { class: `change ${(r.ratingChange ?? 0) >= 0 ? "up" : "down"}`, testid: "rating-change" },
                signed(r.ratingChange ?? 0),
              ),
              ")",
            ),
            h("div", { class: "xp" }, "XP gained: ", h("b", { testid: "xp-gained" }, r.xpGained ?? 0)),
            r.levelBefore !== null && r.levelAfter !== null
              ? h(
                  "div",
                  { class: "level", testid: "result-level" },
                  "Level ",
                  h("b", null, r.levelBefore),
                  r.levelAfter > r.levelBefore ? ` → ${r.levelAfter}` : "",
                )
              : null,
            r.rank
              ? h(
                  "div",
                  { class: "rank", testid: "result-rank", "data-season": String(r.rank.season) },
                  "Rank ",
                  h("b", null, rankText(r.rank.before)),
                  " → ",
                  h("b", { testid: "result-rank-after" }, rankText(r.rank.after)),
                )
              : null,
          ),
      h(
        "div",
        { class: "result-actions" },
        h("button", { class: "primary", testid: "play-again", onClick: () => ctx.go("#/play") }, "Play again"),
        h("button", { testid: "replay-open", onClick: () => ctx.go(`#/replay/${r.matchId}`) }, "Watch replay"),
      ),
    ),
  );
}
