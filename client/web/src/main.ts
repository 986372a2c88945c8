// Entry point: the page shell, hash routes and the Steam ticket hook.
import "./styles.css";
import { Context, storedBattle } from "./context";
import { h, mount } from "./dom";
import { describeError } from "./errors";
import { loginScreen } from "./screens/login";
import { lobbyScreen } from "./screens/lobby";
import { battleScreen, hasLiveBattle } from "./screens/battle";
import { resultScreen } from "./screens/result";
import { decksScreen } from "./screens/decks";
import { profileScreen, leaderboardScreen } from "./screens/profile";
import { replayScreen } from "./screens/replay";
import { watchScreen } from "./screens/watch";

export type Cleanup = (() => void) | void;
export type Screen = (ctx: Context, el: HTMLElement, arg: string) => Cleanup | Promise<Cleanup>;

const ctx = new Context();
const root = document.getElementById("app")!;
let cleanup: Cleanup;

declare global {
  interface Window {
    cardgame: { setSteamTicket(hex: string): Promise<void> };
  }
}

/**
 * For a Steam-wrapped build (Electron, Steam overlay browser): hand over the hex ticket from
 * GetAuthTicketForWebApi, either as `?ticket=<hex>` in the page URL or by calling this function.
 */
window.cardgame = {
  async setSteamTicket(hex: string) {
    await ctx.auth.login(hex);
    route();
  },
};

const ROUTES: Record<string, Screen> = {
  play: lobbyScreen,
  battle: battleScreen,
  result: resultScreen,
  decks: decksScreen,
  profile: profileScreen,
  leaderboard: leaderboardScreen,
  replay: replayScreen,
  watch: watchScreen,
};

function navLink(hash: string, label: string, current: string): HTMLElement {
  return h("a", { href: `#/${hash}`, class: current === hash ? "active" : "", testid: `nav-${hash}` }, label);
}

function shell(name: string): HTMLElement {
  const session = ctx.auth.session!;
  const screen = h("main", { class: `screen screen-${name}` });
  const inBattle = name === "battle";
  mount(
    root,
    h(
      "header",
      { class: "topbar" },
      h("div", { class: "brand" }, "⚔ Card Duel"),
      inBattle
        ? h("nav", null)
        : h(
            "nav",
            null,
            navLink("play", "Play", name),
            navLink("decks", "Collection & decks", name),
            navLink("profile", "Profile", name),
            navLink("leaderboard", "Leaderboard", name),
            navLink("watch", "Watch", name),
          ),
      h(
        "div",
        { class: "who" },
        h("span", { testid: "player-name" }, session.personaName || session.steamId),
        " ",
        inBattle ? null : h("button", { class: "link", testid: "logout", onClick: () => void logout() }, "Log out"),
      ),
    ),
    screen,
  );
  return screen;
}

async function logout(): Promise<void> {
  await ctx.auth.logout();
  location.hash = "#/play";
  route();
}

let routing = 0;
async function route(): Promise<void> {
  const run = ++routing;
  if (typeof cleanup === "function") cleanup();
  cleanup = undefined;
  if (!ctx.auth.session) {
    mount(root, h("main", { class: "screen screen-login" }));
    loginScreen(ctx, root.firstElementChild as HTMLElement);
    return;
  }
  const [name, ...rest] = location.hash.replace(/^#\/?/, "").split("/");
  let target = ROUTES[name] ? name : "play";
  // A battle of this tab that is still running (or a reload during one) comes first.
  if (target !== "battle" && (hasLiveBattle() || (storedBattle() && target === "play"))) target = "battle";
  if (target !== name && location.hash !== `#/${target}`) {
    history.replaceState(null, "", `#/${target}`);
  }
  const el = shell(target);
  try {
    await ctx.loadCards();
    if (run !== routing) return;
    cleanup = await ROUTES[target](ctx, el, decodeURIComponent(rest.join("/")));
  } catch (err) {
    mount(el, h("p", { class: "error", testid: "screen-error" }, describeError(err)));
  }
}

ctx.auth.onChange((session) => {
  if (!session) route();
});
window.addEventListener("hashchange", () => void route());

async function start(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const ticket = params.get("ticket");
  if (ticket) {
    history.replaceState(null, "", location.pathname + location.hash);
    try {
      await ctx.auth.login(ticket);
    } catch (err) {
      sessionStorage.setItem("cardgame.loginError", describeError(err));
    }
  }
  await route();
}

void start();
