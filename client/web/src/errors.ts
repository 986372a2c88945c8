// Server error codes → sentences a player can act on. Unknown codes fall back to the server's own message.
const MESSAGES: Record<string, string> = {
  invalid_ticket: "That login ticket is not valid. In dev mode enter a SteamID64 (17 digits, starting 7656119…).",
  steam_rejected: "Steam did not accept this login. Restart the game from Steam and try again.",
  ticket_replayed: "This Steam ticket was already used. Get a new one and try again.",
  banned: "This account is banned.",
  rate_limited: "Too many attempts. Wait a moment and try again.",
  steam_unavailable: "Steam cannot be reached right now. Try again in a minute.",
  invalid_refresh_token: "Your session expired. Please log in again.",
  refresh_reused: "Your session was used elsewhere and has been closed. Please log in again.",
  invalid_token: "Your session expired. Please log in again.",
  unauthorized: "Please log in.",
  invalid_deck: "This deck cannot be used: see the highlighted fields.",
  deck_not_found: "That deck no longer exists.",
  no_deck: "You have no default deck. Build or choose a deck first.",
  no_profile: "Your profile is not ready yet. Log in again.",
  in_battle: "You are still in a battle. Finish it first (reload to rejoin it).",
  invalid_challenge:
    "No open challenge has this code: check it, or ask your friend for a new one (codes last 10 minutes and work once).",
  spectator: "You are watching: spectators cannot act.",
  bad_request: "The request was not understood by the server.",
  internal: "The server had a problem. Try again.",
  internal_error: "The server had a problem. Try again.",
  unavailable: "The server is temporarily unavailable. Try again shortly.",
  not_ready: "The server is not ready yet. Try again shortly.",
  match_not_found: "That match is not among yours.",
  not_your_turn: "It is not your turn.",
  not_enough_mana: "Not enough mana.",
  board_full: "Your board is full (7 minions).",
  invalid_target: "That is not a valid target.",
  illegal_intent: "That is not allowed right now.",
  game_over: "The game is over.",
  not_started: "Waiting for your opponent to join.",
  opponent_absent: "Your opponent did not arrive. You kept your place: queue again to be served first.",
  network: "Cannot reach the server. Check your connection.",
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}

export function readable(code: string, fallback?: string): string {
  return MESSAGES[code] ?? fallback ?? code;
}

export function describeError(err: unknown): string {
  if (err instanceof ApiError) return readable(err.code, err.message);
  if (err instanceof Error) return err.message;
  return String(err);
}
