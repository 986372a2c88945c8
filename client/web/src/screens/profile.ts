// Profile (/api/me), match history (/api/me/matches, paged) and the leaderboard (/api/leaderboard, paged).
import type { Context } from "../context";
import { h, mount } from "../dom";
import { describeError } from "../errors";
import { rankText, signed } from "./result";

/** Cursor paging: the cursors of the pages seen so far, so "Previous" goes back without a backwards cursor. */
function pager(
  load: (cursor: string | null) => Promise<string | null>,
  controls: HTMLElement,
  prefix: string,
): () => Promise<void> {
  const cursors: Array<string | null> = [null];
  let page = 0;
  let next: string | null = null;
  const draw = () =>
    mount(
      controls,
      h("button", { testid: `${prefix}-prev`, disabled: page === 0, onClick: () => void show(page - 1) }, "◀ Newer"),
      h("span", { class: "muted" }, ` Page ${page + 1} `),
      h("button", { testid: `${prefix}-next`, disabled: next === null, onClick: () => void show(page + 1) }, "Older ▶"),
    );
  const show = async (p: number) => {
    if (p > page) cursors[p] = next;
    page = p;
    next = await load(cursors[p] ?? null);
    draw();
  };
  return () => show(0);
}

export async function profileScreen(ctx: Context, el: HTMLElement): Promise<void> {
  const me = await ctx.api.profile();
  const rows = h("tbody");
  const controls = h("div", { class: "pager" });
  const error = h("p", { class: "error" });
  const first = pager(
    async (cursor) => {
      try {
        const page = await ctx.api.matches(cursor, 10);
        mount(
          rows,
          page.matches.length === 0 ? h("tr", null, h("td", { colspan: 6, class: "muted" }, "No matches yet.")) : null,
          page.matches.map((m) =>
            h(
              "tr",
              { testid: "history-row", "data-match-id": m.matchId, class: `result-${m.result}` },
              h("td", null, new Date(m.endedAt).toLocaleString()),
              h("td", null, m.opponent?.personaName || m.opponent?.steamId || "—"),
              h("td", { class: "outcome" }, m.result),
              h("td", null, m.reason),
              h("td", null, m.ratingChange === null ? "pending" : signed(m.ratingChange)),
              h(
                "td",
                null,
                h(
                  "button",
                  { class: "link", testid: "history-replay", onClick: () => ctx.go(`#/replay/${m.matchId}`) },
                  "Replay",
                ),
              ),
            ),
          ),
        );
        return page.nextCursor;
      } catch (err) {
        error.textContent = describeError(err);
        return null;
      }
    },
    controls,
    "history",
  );
  mount(
    el,
    h(
      "section",
      { class: "profile-page" },
      h(
        "div",
        { class: "panel profile", testid: "profile" },
        h("h2", null, me.personaName || me.steamId),
        h("div", { class: "muted" }, `SteamID ${me.steamId}`),
        h(
          "div",
          { class: "stats-grid" },
          me.rank
            ? h(
                "div",
                { testid: "profile-rank", "data-tier": me.rank.tier },
                h("b", null, rankText(me.rank), me.rank.topTierPosition ? ` (#${me.rank.topTierPosition})` : ""),
                h(
                  "span",
                  { testid: "profile-season" },
                  `Rank · ${me.rank.seasonName} (ends ${new Date(me.rank.seasonEndsAt).toLocaleDateString()})`,
                ),
              )
            : h("div", { testid: "profile-rank" }, h("b", null, "—"), h("span", null, "No season running")),
          h("div", null, h("b", null, me.provisional ? "Unranked" : me.rankTier), h("span", null, "MMR tier")),
          h("div", null, h("b", { testid: "profile-mmr" }, Math.round(me.displayedMmr)), h("span", null, "MMR")),
          h("div", null, h("b", null, me.level), h("span", null, `Level (${me.xp} XP)`)),
          h("div", null, h("b", null, `${me.wins}-${me.losses}-${me.draws}`), h("span", null, "W-L-D")),
          h("div", null, h("b", { testid: "profile-games" }, me.games), h("span", null, "Games")),
        ),
      ),
      h(
        "div",
        { class: "panel" },
        h("h2", null, "Match history"),
        h(
          "table",
          { class: "table", testid: "history" },
          h(
            "thead",
            null,
            h(
              "tr",
              null,
              h("th", null, "Ended"),
              h("th", null, "Opponent"),
              h("th", null, "Result"),
              h("th", null, "Reason"),
              h("th", null, "Rating"),
              h("th", null, ""),
            ),
          ),
          rows,
        ),
        controls,
        error,
      ),
    ),
  );
  await first();
}

export async function leaderboardScreen(ctx: Context, el: HTMLElement): Promise<void> {
  const rows = h("tbody");
  const controls = h("div", { class: "pager" });
  const first = pager(
    async (cursor) => {
      const page = await ctx.api.leaderboard(cursor, 20);
      mount(
        rows,
        page.entries.length === 0
          ? h(
              "tr",
              null,
              h("td", { colspan: 5, class: "muted" }, "Nobody is ranked yet: 10 games make a player ranked."),
            )
          : null,
        page.entries.map((e) =>
          h(
            "tr",
            { testid: "leaderboard-row", class: e.steamId === ctx.auth.session?.steamId ? "me" : "" },
            h("td", null, e.rank),
            h("td", null, e.personaName || e.steamId),
            h("td", null, e.rankTier),
            h("td", null, Math.round(e.displayedMmr)),
            h("td", null, `${e.wins}-${e.losses}-${e.draws}`),
          ),
        ),
      );
      return page.nextCursor;
    },
    controls,
    "leaderboard",
  );
  mount(
    el,
    h(
      "section",
      { class: "panel" },
      h("h2", null, "Leaderboard"),
      h(
        "table",
        { class: "table", testid: "leaderboard" },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            h("th", null, "#"),
            h("th", null, "Player"),
            h("th", null, "Tier"),
            h("th", null, "MMR"),
            h("th", null, "W-L-D"),
          ),
        ),
        rows,
      ),
      controls,
    ),
  );
  await first();
}
