// Collection and decks: owned cards with their text, deck list (default, edit, delete), and a deck editor that
// shows the server's `invalid_deck` details on the fields they name.
import type { ClientCard, Deck, DeckCards } from "../api";
import { cardFace } from "../board";
import type { Context } from "../context";
import { h, mount } from "../dom";
import { ApiError, describeError } from "../errors";

interface Draft {
  id: string | null;
  name: string;
  counts: Map<string, number>;
}

export async function decksScreen(ctx: Context, el: HTMLElement): Promise<void> {
  const [{ decks, maxDecks }, collection] = await Promise.all([ctx.api.decks(), ctx.api.collection()]);
  const owned = new Map(collection.cards.map((c) => [c.cardId, c.count]));
  const cards = ctx
    .allCards()
    .filter((c) => c.collectible && owned.has(c.id))
    .sort((a, b) => a.cost - b.cost || a.name.localeCompare(b.name));
  let draft: Draft | null = null;
  let errors: Array<{ path: string; message: string }> = [];
  let message = "";
  let sent: DeckCards[] = [];

  const reload = () => ctx.go("#/decks");

  const save = async () => {
    if (!draft) return;
    sent = [...draft.counts]
      .filter(([, n]) => n > 0)
      .map(([cardId, count]) => ({ cardId, count }))
      .sort((a, b) => (a.cardId < b.cardId ? -1 : 1));
    const body = { name: draft.name, cards: sent };
    try {
      if (draft.id) await ctx.api.updateDeck(draft.id, body);
      else await ctx.api.createDeck(body);
      draft = null;
      errors = [];
      reload();
    } catch (err) {
      errors = err instanceof ApiError ? err.details : [];
      message = describeError(err);
      draw();
    }
  };

  const fieldError = (field: string) => {
    const list = errors.filter((e) => e.path === field);
    return list.length
      ? h(
          "div",
          { class: "field-error", testid: "field-error", "data-field": field },
          list.map((e) => e.message).join(" "),
        )
      : null;
  };
  /** `cards.3.count` names the 4th entry of the list that was sent: map it back to its card. */
  const cardErrors = (cardId: string) => {
    const i = sent.findIndex((c) => c.cardId === cardId);
    if (i < 0) return null;
    return [fieldError(`cards.${i}.count`), fieldError(`cards.${i}.cardId`), fieldError(`cards.${i}`)];
  };

  const cancelDraft = () => {
    draft = null;
    errors = [];
    message = "";
    draw();
  };

  const editor = (d: Draft) => {
    const total = [...d.counts.values()].reduce((a, b) => a + b, 0);
    return h(
      "div",
      { class: "deck-editor panel", testid: "deck-editor" },
      h("h2", null, d.id ? "Edit deck" : "New deck"),
      h("label", { for: "deck-name" }, "Name"),
      h("input", {
        id: "deck-name",
        testid: "deck-name",
        value: d.name,
        maxlength: 64,
        onInput: (e: Event) => (d.name = (e.target as HTMLInputElement).value),
      }),
      fieldError("name"),
      h("div", { class: `deck-total${total === 30 ? " ok" : ""}`, testid: "deck-total" }, `${total} / 30 cards`),
      fieldError("cards"),
      fieldError("(root)"),
      message ? h("p", { class: "error", testid: "deck-message" }, message) : null,
      h(
        "div",
        { class: "deck-buttons" },
        h("button", { class: "primary", testid: "deck-save", onClick: () => void save() }, "Save deck"),
        h("button", { class: "link", testid: "deck-cancel", onClick: cancelDraft }, "Cancel"),
      ),
      h(
        "div",
        { class: "collection editing" },
        cards.map((c) => {
          const n = d.counts.get(c.id) ?? 0;
          const set = (v: number) => {
            d.counts.set(c.id, Math.max(0, v));
            draw();
          };
          return h(
            "div",
            {
              class: `collection-card${n > 0 ? " in-deck" : ""}`,
              testid: "deck-card",
              "data-card-id": c.id,
              "data-count": n,
            },
            cardFace(c, c.id),
            h(
              "div",
              { class: "count-controls" },
              h("button", { testid: "deck-card-remove", disabled: n === 0, onClick: () => set(n - 1) }, "−"),
              h("span", { class: "count" }, `${n} / ${owned.get(c.id)}`),
              h("button", { testid: "deck-card-add", onClick: () => set(n + 1) }, "+"),
            ),
            cardErrors(c.id),
          );
        }),
      ),
    );
  };

  const open = (deck: Deck | null, copy = false) => {
    draft = {
      id: deck && !copy ? deck.id : null,
      name: deck ? (copy ? `${deck.name} copy`.slice(0, 32) : deck.name) : "",
      counts: new Map(deck ? deck.cards.map((c) => [c.cardId, c.count]) : []),
    };
    errors = [];
    message = "";
    sent = [];
    draw();
  };

  const deckRow = (deck: Deck) =>
    h(
      "li",
      { class: `deck-row${deck.isDefault ? " default" : ""}`, testid: "deck-row", "data-deck-id": deck.id },
      h("span", { class: "deck-name" }, deck.name),
      deck.isDefault
        ? h("span", { class: "badge" }, "Default")
        : h(
            "button",
            {
              class: "link",
              testid: "deck-make-default",
              onClick: () => void ctx.api.setDefaultDeck(deck.id).then(reload, showError),
            },
            "Make default",
          ),
      h("button", { class: "link", testid: "deck-edit", onClick: () => open(deck) }, "Edit"),
      h("button", { class: "link", testid: "deck-copy", onClick: () => open(deck, true) }, "Copy"),
      h(
        "button",
        {
          class: "link danger",
          testid: "deck-delete",
          onClick: () =>
            confirm(`Delete the deck "${deck.name}"?`) && void ctx.api.deleteDeck(deck.id).then(reload, showError),
        },
        "Delete",
      ),
    );

  const showError = (err: unknown) => {
    message = describeError(err);
    draw();
  };

  const draw = () => {
    mount(
      el,
      h(
        "section",
        { class: "decks-page" },
        h(
          "div",
          { class: "panel deck-list" },
          h("h2", null, `Decks (${decks.length}/${maxDecks})`),
          h("ul", null, decks.map(deckRow)),
          h(
            "button",
            { class: "primary", testid: "deck-new", disabled: decks.length >= maxDecks, onClick: () => open(null) },
            "New deck",
          ),
          !draft && message ? h("p", { class: "error" }, message) : null,
        ),
        draft
          ? editor(draft)
          : h(
              "div",
              { class: "panel" },
              h("h2", null, "Collection"),
              h(
                "div",
                { class: "collection" },
                cards.map((c: ClientCard) =>
                  h(
                    "div",
                    { class: "collection-card", testid: "collection-card", "data-card-id": c.id },
                    cardFace(c, c.id),
                    h("div", { class: "owned" }, `× ${owned.get(c.id)}`),
                  ),
                ),
              ),
            ),
      ),
    );
  };
  draw();
}
