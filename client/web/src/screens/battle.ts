// The live battle: room state → board model, `legal` → what may be clicked, clicks → the chosen `legal` action
// sent back unchanged (docs/protocol.md). Reloading the tab comes back through the stored reconnection token.
import type { Room } from "@colyseus/sdk";
import type { MatchRank } from "../api";
import { cardFace, renderBoard, type BoardInteraction, type BoardModel, type SideModel } from "../board";
import { storeBattle, storedBattle, type Context } from "../context";
import { h, mount, byTestId } from "../dom";
import { readable } from "../errors";
import { describeEvent } from "../event-text";
import { setLastResult, resultFromHistory, type ShownResult } from "./result";

type Action = Record<string, unknown> & { type: string; stateId: number };
interface Legal {
  stateId: number;
  actions: Action[];
}
interface ResultMessage {
  matchId: string;
  winner: string | null;
  winnerSeat: 0 | 1 | null;
  reason: string;
  pending: boolean;
  you: {
    before: { rating: number } | null;
    after: { rating: number } | null;
    ratingChange: number | null;
    xpGained: number | null;
    levelBefore: number | null;
    levelAfter: number | null;
    rank: MatchRank | null;
  };
}

let live: LiveBattle | null = null;

export function hasLiveBattle(): boolean {
  return live !== null && !live.ended;
}

/** Called with the room from consumeSeatReservation (lobby) or client.reconnect (reload). */
export function startBattle(ctx: Context, room: Room): void {
  live?.dispose();
  live = new LiveBattle(ctx, room);
  ctx.go("#/battle");
}

export async function battleScreen(ctx: Context, el: HTMLElement): Promise<(() => void) | void> {
  if (!live || live.ended) {
    const stored = storedBattle();
    if (!stored) return ctx.go("#/play");
    mount(el, h("p", { class: "center muted", testid: "battle-reconnecting" }, "Rejoining your battle…"));
    try {
      const room = await ctx.colyseus().reconnect(stored.token);
      live = new LiveBattle(ctx, room);
    } catch {
      // The battle is over (or gone): show how it ended from the match history, if it was recorded.
      storeBattle(null);
      const shown = stored.matchId ? await resultFromHistory(ctx, stored.matchId).catch(() => null) : null;
      if (shown) {
        setLastResult(shown);
        return ctx.go("#/result");
      }
      return ctx.go("#/play");
    }
  }
  const battle = live;
  battle.attach(el);
  return () => battle.detach();
}

class LiveBattle {
  ended = false;
  private el: HTMLElement | null = null;
  private legal: Legal | null = null;
  private selection: { source: string; options: Action[] } | null = null;
  private readonly marked = new Set<string>();
  private readonly log: string[] = [];
  private readonly names = new Map<string, string>();
  private banner = "";
  private notice = "";
  private confirmingConcede = false;
  private frame = 0;
  private ticker: number | undefined;
  private opponentConnected = true;

  constructor(
    private readonly ctx: Context,
    private readonly room: Room,
  ) {
    storeBattle({ token: room.reconnectionToken, matchId: "" });
    room.onMessage("legal", (m: Legal) => {
      this.legal = m;
      // A choice in progress survives a new `legal` (e.g. a repeated one after `sync`) if it is still possible.
      const source = this.selection?.source;
      const options = source
        ? m.actions.filter(
            (a) => (a.type === "play" && a.card === source) || (a.type === "attack" && a.attacker === source),
          )
        : [];
      this.selection = source && options.length > 0 ? { source, options } : null;
      this.render();
    });
    room.onMessage("events", (m: { events: Array<{ type: string } & Record<string, unknown>> }) => {
      const seat = this.mySeat();
      for (const e of m.events) {
        const line = describeEvent(e, seat, ctx.card, this.names);
        if (line) this.log.push(line);
      }
      if (this.log.length > 200) this.log.splice(0, this.log.length - 200);
      this.render();
    });
    room.onMessage("error", (e: { code: string; message: string }) => {
      // A refused intent changes nothing; ask for the newest `legal` and answer that instead.
      if (e.code !== "stale_state") this.notice = readable(e.code, e.message);
      room.send("sync", {});
      this.render();
    });
    room.onMessage("result", (r: ResultMessage) => this.finish(r));
    room.onMessage("cancelled", (m: { reason: string }) => {
      this.ended = true;
      storeBattle(null);
      this.banner = readable(m.reason);
      this.render();
      window.setTimeout(() => this.ctx.go("#/play"), 2500);
    });
    room.onStateChange(() => {
      if (this.ended) return;
      const matchId = (room.state as { matchId?: string }).matchId;
      if (matchId && storedBattle()?.matchId !== matchId) storeBattle({ token: room.reconnectionToken, matchId });
      const opponent = this.player(1 - this.mySeat());
      if (opponent) {
        if (opponent.connected !== this.opponentConnected)
          this.log.push(opponent.connected ? "Opponent reconnected." : "Opponent disconnected.");
        this.opponentConnected = opponent.connected;
      }
      this.render();
    });
    room.onDrop(() => {
      this.banner = "Connection lost: reconnecting…";
      this.render();
    });
    room.onReconnect(() => {
      this.banner = "";
      room.send("sync", {});
      this.render();
    });
    room.onLeave(() => {
      if (this.ended) return;
      // Closed without a result reaching us: the outcome is in the match history once recorded.
      this.ended = true;
      const matchId = storedBattle()?.matchId;
      storeBattle(null);
      void (matchId ? resultFromHistory(this.ctx, matchId) : Promise.resolve(null))
        .catch(() => null)
        .then((shown) => {
          if (shown) {
            setLastResult(shown);
            this.ctx.go("#/result");
          } else {
            this.banner = "The battle closed. Its result will appear in your match history.";
            this.render();
          }
        });
    });
    room.send("sync", {});
  }

  attach(el: HTMLElement): void {
    this.el = el;
    this.render();
    this.ticker = window.setInterval(() => this.updateTimer(), 250);
  }

  detach(): void {
    this.el = null;
    window.clearInterval(this.ticker);
  }

  dispose(): void {
    this.detach();
    this.room.removeAllListeners();
  }

  private state(): any {
    return this.room.state as any;
  }

  private player(seat: number): any {
    return this.state()?.players?.[seat];
  }

  private mySeat(): number {
    const players = this.state()?.players;
    const me = this.ctx.auth.session?.steamId;
    if (!players) return 0;
    for (let i = 0; i < players.length; i++) if (players[i]?.steamId === me) return i;
    return 0;
  }

  private send(action: Action, extra: Record<string, unknown> = {}): void {
    this.room.send(action.type, { ...action, ...extra });
    // Until the server's next `legal`, nothing more may be chosen.
    this.legal = null;
    this.selection = null;
    this.notice = "";
    this.render();
  }

  private actions(type: string): Action[] {
    return (this.legal?.actions ?? []).filter((a) => a.type === type);
  }

  private finish(r: ResultMessage): void {
    this.ended = true;
    storeBattle(null);
    const me = this.ctx.auth.session?.steamId;
    const shown: ShownResult = {
      matchId: r.matchId,
      outcome: r.winner === null ? "draw" : r.winner === me ? "win" : "loss",
      reason: r.reason,
      pending: r.pending,
      ratingBefore: r.you.before?.rating ?? null,
      ratingAfter: r.you.after?.rating ?? null,
      ratingChange: r.you.ratingChange,
      xpGained: r.you.xpGained,
      levelBefore: r.you.levelBefore,
      levelAfter: r.you.levelAfter,
      rank: r.you.rank,
    };
    setLastResult(shown);
    this.ctx.go("#/result");
  }

  private side(seat: number, name: string): SideModel {
    const p = this.player(seat);
    return {
      seat,
      name,
      health: p?.health ?? 0,
      maxHealth: p?.maxHealth ?? 0,
      armor: p?.armor ?? 0,
      frozen: Boolean(p?.heroFrozen),
      mana: p?.mana ?? 0,
      maxMana: p?.maxMana ?? 0,
      deckCount: p?.deckCount ?? 0,
      handCount: p?.handCount ?? 0,
      connected: p?.connected ?? true,
      board: Array.from((p?.board ?? []) as Iterable<any>).map((m) => ({
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

  private model(): BoardModel {
    const seat = this.mySeat();
    const s = this.state();
    const hand = Array.from((this.player(seat)?.hand?.cards ?? []) as Iterable<any>).map((c) => ({
      id: c.id as string,
      card: c.card as string,
      cost: c.cost as number,
    }));
    return {
      me: { ...this.side(seat, this.ctx.auth.session?.personaName || "You"), hand },
      opponent: this.side(1 - seat, "Opponent"),
      current: s?.currentSeat ?? 0,
      phase: s?.phase ?? "mulligan",
    };
  }

  private secondsLeft(): number {
    const deadline = Number(this.state()?.turnDeadline ?? 0);
    if (!deadline) return 0;
    return Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
  }

  private updateTimer(): void {
    const timer = this.el && byTestId(this.el, "turn-timer");
    if (timer) timer.textContent = String(this.secondsLeft());
  }

  private clearSelection(): void {
    this.selection = null;
    this.render();
  }

  private setConfirmingConcede(confirming: boolean): void {
    this.confirmingConcede = confirming;
    this.render();
  }

  private concede(): void {
    this.confirmingConcede = false;
    this.room.send("concede", {});
  }

  private render(): void {
    if (!this.el || this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (this.el) this.draw(this.el);
    });
  }

  private interaction(): BoardInteraction {
    const plays = this.actions("play");
    const attacks = this.actions("attack");
    const targets = new Set<string>();
    for (const a of this.selection?.options ?? []) if (typeof a.target === "string") targets.add(a.target);
    return {
      playable: new Set(plays.map((a) => String(a.card))),
      canAttack: new Set(attacks.map((a) => String(a.attacker))),
      targets,
      selected: this.selection?.source ?? null,
      onHandCard: (id) => {
        const options = plays.filter((a) => a.card === id);
        if (options.length === 0) return;
        if (this.selection?.source === id) this.selection = null;
        else if (options.some((a) => typeof a.target === "string")) this.selection = { source: id, options };
        else return this.send(options[0]);
        this.render();
      },
      onMinion: (id, side) => {
        if (side !== "me") return;
        const options = attacks.filter((a) => a.attacker === id);
        if (options.length === 0) return;
        this.selection = this.selection?.source === id ? null : { source: id, options };
        this.render();
      },
      onTarget: (target) => {
        const choice = this.selection?.options.find((a) => a.target === target);
        if (choice) this.send(choice);
      },
      onPlace: (id, position) => {
        const option = plays.find((a) => a.card === id && a.target === undefined);
        if (option && this.ctx.card(String(this.model().me.hand.find((c) => c.id === id)?.card))?.type === "minion")
          this.send(option, { position });
      },
    };
  }

  private mulliganPanel(model: BoardModel): HTMLElement {
    const options = this.actions("mulligan");
    const waiting = options.length === 0;
    return h(
      "div",
      { class: "overlay" },
      h(
        "div",
        { class: "mulligan panel" },
        h("h2", null, "Opening hand"),
        h(
          "p",
          { class: "muted" },
          waiting ? "Waiting for your opponent…" : "Click the cards you want to replace, then confirm.",
        ),
        h(
          "div",
          { class: "hand mulligan-hand" },
          model.me.hand.map((c) =>
            h(
              "div",
              {
                class: `hand-card${this.marked.has(c.id) ? " marked" : ""}`,
                testid: "hand-card",
                "data-card-id": c.card,
                "data-entity-id": c.id,
                "data-playable": "false",
                "data-marked": this.marked.has(c.id) ? "true" : "false",
                onClick: () => {
                  if (waiting) return;
                  if (this.marked.has(c.id)) this.marked.delete(c.id);
                  else this.marked.add(c.id);
                  this.render();
                },
              },
              cardFace(this.ctx.card(c.card), c.card),
              this.marked.has(c.id) ? h("div", { class: "replace-mark" }, "Replace") : null,
            ),
          ),
        ),
        h(
          "button",
          {
            class: "primary",
            testid: "mulligan-confirm",
            disabled: waiting,
            onClick: () => {
              const wanted = [...this.marked].sort().join(",");
              const choice = options.find((a) => [...(a.replace as string[])].sort().join(",") === wanted);
              if (choice) {
                this.marked.clear();
                this.send(choice);
              }
            },
          },
          this.marked.size === 0 ? "Keep hand" : `Replace ${this.marked.size} card(s)`,
        ),
      ),
    );
  }

  private draw(el: HTMLElement): void {
    const s = this.state();
    if (!s?.players || s.players.length < 2) {
      mount(el, h("p", { class: "center muted" }, "Waiting for your opponent to join…"));
      return;
    }
    const model = this.model();
    const myTurn = model.current === model.me.seat;
    const endTurn = this.actions("end_turn")[0];
    const mulligan = model.phase === "mulligan";
    const logEl = h(
      "ol",
      { class: "log", testid: "battle-log" },
      this.log.slice(-60).map((line) => h("li", null, line)),
    );
    mount(
      el,
      h(
        "div",
        {
          class: "battle",
          testid: "battle",
          "data-phase": model.phase,
          "data-legal-state-id": this.legal ? String(this.legal.stateId) : "none",
          "data-match-id": s.matchId ?? "",
        },
        this.banner ? h("div", { class: "banner", testid: "battle-banner" }, this.banner) : null,
        !this.opponentConnected
          ? h(
              "div",
              { class: "banner warn", testid: "opponent-disconnected" },
              "Your opponent disconnected. They have a short time to come back before forfeiting.",
            )
          : null,
        renderBoard(model, this.ctx.card, mulligan ? {} : this.interaction(), mulligan),
        h(
          "aside",
          { class: "battle-side" },
          h(
            "div",
            { class: `turn-indicator ${myTurn ? "mine" : "theirs"}`, testid: "turn-indicator" },
            mulligan ? "Mulligan" : myTurn ? "Your turn" : "Opponent's turn",
          ),
          h(
            "div",
            { class: "timer" },
            h("span", { testid: "turn-timer" }, this.secondsLeft()),
            h("span", { class: "muted" }, " s left"),
          ),
          h(
            "button",
            {
              class: "primary end-turn",
              testid: "end-turn",
              disabled: !endTurn,
              onClick: () => endTurn && this.send(endTurn),
            },
            "End turn",
          ),
          this.selection
            ? h("button", { class: "link", onClick: () => this.clearSelection() }, "Cancel selection")
            : null,
          this.selection ? h("p", { class: "hint" }, "Choose a highlighted target.") : null,
          this.notice ? h("p", { class: "error", testid: "battle-error" }, this.notice) : null,
          h(
            "div",
            { class: "concede-box" },
            this.confirmingConcede
              ? [
                  h("span", null, "Concede this match? "),
                  h(
                    "button",
                    { class: "danger", testid: "concede-confirm", onClick: () => this.concede() },
                    "Yes, concede",
                  ),
                  h(
                    "button",
                    { class: "link", testid: "concede-cancel", onClick: () => this.setConfirmingConcede(false) },
                    "No",
                  ),
                ]
              : h(
                  "button",
                  { class: "subtle", testid: "concede", onClick: () => this.setConfirmingConcede(true) },
                  "Concede",
                ),
          ),
          h("h3", null, "Battle log"),
          logEl,
        ),
        mulligan ? this.mulliganPanel(model) : null,
      ),
    );
    logEl.scrollTop = logEl.scrollHeight;
  }
}
