// The battle board, drawn from a plain model: the live battle (room state + legal) and the replay viewer
// (engine view) both fill one in. Interaction comes in as callbacks and highlight sets.
import type { ClientCard } from "./api";
import { keywordLabel } from "../../../src/game/keywords";
import { h, type Child } from "./dom";

export interface MinionModel {
  id: string;
  card: string;
  attack: number;
  health: number;
  maxHealth: number;
  keywords: string[];
  sick: boolean;
  frozen: boolean;
  silenced: boolean;
}

export interface SideModel {
  seat: number;
  name: string;
  health: number;
  maxHealth: number;
  armor: number;
  frozen: boolean;
  mana: number;
  maxMana: number;
  deckCount: number;
  handCount: number;
  connected: boolean;
  board: MinionModel[];
}

export interface BoardModel {
  me: SideModel & { hand: Array<{ id: string; card: string; cost: number }> };
  opponent: SideModel;
  /** Seat whose turn it is. */
  current: number;
  phase: string;
}

export interface BoardInteraction {
  playable?: Set<string>;
  canAttack?: Set<string>;
  /** Entity ids (or hero:N) that are legal targets of the current choice. */
  targets?: Set<string>;
  selected?: string | null;
  onHandCard?: (id: string) => void;
  onMinion?: (id: string, side: "me" | "opponent") => void;
  onHero?: (target: string) => void;
  onTarget?: (target: string) => void;
  /** Drop of a hand card on the own board at a position (minion placement). */
  onPlace?: (cardEntityId: string, position: number) => void;
}

export type CardLookup = (id: string) => ClientCard | undefined;

/** A card face (hand, collection, deck builder). */
export function cardFace(card: ClientCard | undefined, cardId: string, extra: Child[] = []): HTMLElement {
  return h(
    "div",
    { class: `card-face rarity-${card?.rarity ?? "common"} type-${card?.type ?? "minion"}` },
    h("div", { class: "card-cost", title: "Mana cost" }, card?.cost ?? "?"),
    h("div", { class: "card-name" }, card?.name ?? cardId),
    h("div", { class: "card-text" }, card?.text ?? ""),
    card?.type === "minion"
      ? h(
          "div",
          { class: "card-stats" },
          h("span", { class: "atk", title: "Attack" }, card.attack ?? 0),
          h("span", { class: "hp", title: "Health" }, card.health ?? 0),
        )
      : h("div", { class: "card-kind" }, "Spell"),
    extra,
  );
}

function targetOption(target: string, ix: BoardInteraction): Child {
  if (!ix.targets?.has(target)) return null;
  return h(
    "button",
    {
      class: "target-option",
      testid: "target-option",
      "data-target": target,
      title: "Choose this target",
      onClick: (e: Event) => {
        e.stopPropagation();
        ix.onTarget?.(target);
      },
    },
    "◎",
  );
}

function minion(m: MinionModel, side: "me" | "opponent", cards: CardLookup, ix: BoardInteraction): HTMLElement {
  const card = cards(m.card);
  const canAttack = side === "me" && ix.canAttack?.has(m.id);
  const classes = [
    "minion",
    m.keywords.includes("taunt") ? "taunt" : "",
    m.keywords.includes("divine_shield") ? "shield" : "",
    m.sick ? "sick" : "",
    m.frozen ? "frozen" : "",
    canAttack ? "can-act" : "",
    ix.selected === m.id ? "selected" : "",
    ix.targets?.has(m.id) ? "targetable" : "",
    m.health < m.maxHealth ? "damaged" : "",
  ];
  return h(
    "div",
    {
      class: classes.filter(Boolean).join(" "),
      testid: "board-minion",
      "data-side": side,
      "data-entity-id": m.id,
      "data-card-id": m.card,
      "data-can-attack": canAttack ? "true" : "false",
      title: card?.text ?? "",
      onClick: () => (ix.targets?.has(m.id) ? ix.onTarget?.(m.id) : ix.onMinion?.(m.id, side)),
    },
    h("div", { class: "minion-name" }, card?.name ?? m.card),
    h(
      "div",
      { class: "minion-keywords" },
      m.keywords.map((k) => h("span", { class: "kw" }, keywordLabel(k))),
      m.silenced ? h("span", { class: "kw muted" }, "Silenced") : null,
    ),
    h(
      "div",
      { class: "minion-status" },
      m.sick ? h("span", { class: "status", title: "Summoned this turn" }, "zZ") : null,
      m.frozen ? h("span", { class: "status frozen", title: "Frozen" }, "❄") : null,
    ),
    h("div", { class: "minion-stats" }, h("span", { class: "atk" }, m.attack), h("span", { class: "hp" }, m.health)),
    targetOption(m.id, ix),
  );
}

function hero(side: SideModel, who: "me" | "opponent", ix: BoardInteraction): HTMLElement {
  const target = `hero:${side.seat}`;
  return h(
    "div",
    {
      class: `hero hero-${who}${ix.targets?.has(target) ? " targetable" : ""}${side.frozen ? " frozen" : ""}`,
      testid: `hero-${who}`,
      "data-health": side.health,
      "data-armor": side.armor,
      "data-target": target,
      onClick: () => (ix.targets?.has(target) ? ix.onTarget?.(target) : ix.onHero?.(target)),
    },
    h("div", { class: "hero-portrait" }, side.name.slice(0, 1).toUpperCase() || "?"),
    h(
      "div",
      { class: "hero-name" },
      side.name,
      side.connected ? null : h("span", { class: "offline", testid: `hero-${who}-offline` }, " (disconnected)"),
    ),
    h("div", { class: "hero-health", title: "Health" }, side.health),
    side.armor > 0 ? h("div", { class: "hero-armor", title: "Armor" }, side.armor) : null,
    side.frozen ? h("div", { class: "hero-frozen" }, "❄ Frozen") : null,
    targetOption(target, ix),
  );
}

function mana(side: SideModel): HTMLElement {
  const crystals: Child[] = [];
  for (let i = 0; i < side.maxMana; i++)
    crystals.push(h("span", { class: i < side.mana ? "crystal full" : "crystal" }));
  return h(
    "div",
    { class: "mana", title: "Mana" },
    h("span", { class: "mana-text" }, `${side.mana}/${side.maxMana}`),
    crystals,
  );
}

function boardRow(side: SideModel, who: "me" | "opponent", cards: CardLookup, ix: BoardInteraction): HTMLElement {
  const row = h(
    "div",
    { class: `board-row board-${who}`, testid: `board-${who}` },
    side.board.map((m) => minion(m, who, cards, ix)),
  );
  if (who === "me" && ix.onPlace) {
    row.addEventListener("dragover", (e) => e.preventDefault());
    row.addEventListener("drop", (e) => {
      e.preventDefault();
      const id = e.dataTransfer?.getData("text/x-entity-id");
      if (!id) return;
      const minions = Array.from(row.querySelectorAll<HTMLElement>("[data-testid=board-minion]"));
      const position = minions.filter((m) => {
        const r = m.getBoundingClientRect();
        return e.clientX > r.left + r.width / 2;
      }).length;
      ix.onPlace?.(id, position);
    });
  }
  return row;
}

export function renderBoard(
  model: BoardModel,
  cards: CardLookup,
  ix: BoardInteraction = {},
  hideHand = false,
): HTMLElement {
  const { me, opponent } = model;
  const myTurn = model.current === me.seat && model.phase === "playing";
  const handCards = me.hand.map((c) => {
    const playable = ix.playable?.has(c.id) ?? false;
    const card = cards(c.card);
    const el = h(
      "div",
      {
        class: `hand-card${playable ? " playable" : ""}${ix.selected === c.id ? " selected" : ""}`,
        testid: "hand-card",
        "data-card-id": c.card,
        "data-entity-id": c.id,
        "data-playable": playable ? "true" : "false",
        draggable: playable && card?.type === "minion" && ix.onPlace ? "true" : undefined,
        onClick: () => ix.onHandCard?.(c.id),
      },
      cardFace(card ? { ...card, cost: c.cost } : undefined, c.card),
    );
    el.addEventListener("dragstart", (e) => e.dataTransfer?.setData("text/x-entity-id", c.id));
    return el;
  });
  return h(
    "div",
    { class: `board${myTurn ? " my-turn" : ""}` },
    h(
      "div",
      { class: "side side-opponent" },
      hero(opponent, "opponent", ix),
      h(
        "div",
        { class: "side-info" },
        h(
          "div",
          { class: "opponent-hand" },
          h("span", { class: "card-back" }),
          " Hand: ",
          h("span", { testid: "opponent-hand-count" }, opponent.handCount),
        ),
        h("div", null, "Deck: ", opponent.deckCount),
        mana(opponent),
      ),
    ),
    boardRow(opponent, "opponent", cards, ix),
    h("div", { class: "board-divider" }),
    boardRow(me, "me", cards, ix),
    h(
      "div",
      { class: "side side-me" },
      hero(me, "me", ix),
      h("div", { class: "side-info" }, h("div", null, "Deck: ", me.deckCount), mana(me)),
    ),
    hideHand ? null : h("div", { class: "hand", testid: "hand" }, handCards),
  );
}
