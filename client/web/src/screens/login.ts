// Login: a SteamID64 on a dev server (`dev:<id>`); a Steam-wrapped build passes its Web API ticket instead
// (`?ticket=` or window.cardgame.setSteamTicket, see main.ts).
import type { Context } from "../context";
import { h, mount } from "../dom";
import { describeError } from "../errors";

export function loginScreen(ctx: Context, el: HTMLElement): void {
  const input = h("input", {
    testid: "login-steamid",
    id: "login-steamid",
    inputmode: "numeric",
    autocomplete: "off",
    placeholder: "76561198000000001",
    value: "7656119" + String(8000000000 + Math.floor(Math.random() * 999_999_999)).padStart(10, "0"),
  });
  const earlier = sessionStorage.getItem("cardgame.loginError");
  sessionStorage.removeItem("cardgame.loginError");
  const error = h("p", { class: "error", testid: "login-error", role: "alert" }, earlier ?? "");
  const button = h("button", { class: "primary", type: "submit", testid: "login-submit" }, "Enter the arena");
  const form = h(
    "form",
    {
      class: "login-card",
      onSubmit: async (e: Event) => {
        e.preventDefault();
        const id = input.value.trim();
        if (!/^\d{17}$/.test(id)) {
          error.textContent = "A SteamID64 has 17 digits (e.g. 76561198000000001).";
          return;
        }
        button.disabled = true;
        error.textContent = "";
        try {
          await ctx.auth.login(`dev:${id}`);
          ctx.go("#/play");
        } catch (err) {
          error.textContent = describeError(err);
          button.disabled = false;
        }
      },
    },
    h("h1", null, "⚔ Card Duel"),
    h("p", { class: "tagline" }, "Ranked 1v1 card battles."),
    h("label", { for: "login-steamid" }, "SteamID64 (dev servers)"),
    input,
    button,
    error,
    h(
      "p",
      { class: "hint" },
      "On a production server the game is launched from Steam, which logs you in with its ticket.",
    ),
  );
  mount(el, form);
  input.focus();
}
