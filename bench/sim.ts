// Plays N seeded bot-vs-bot games and prints one JSON summary line on stdout.
// npm run sim -- --games 1000 --seed 1 --bots greedy,random --decks ember_vanguard,tidal_wardens
import { apply, createMatch, STARTER_DECKS } from "../src/game";
import { botRng, greedyBot, randomBot } from "../src/bots";
import type { Intent, Seat, State } from "../src/game";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const games = Number(arg("games", "1000"));
const seed = arg("seed", "1");
const bots = arg("bots", "greedy,random").split(",");
const deckIds = arg("decks", STARTER_DECKS.map((d) => d.id).join(",")).split(",");
const decks = deckIds.map((id) => {
  const d = STARTER_DECKS.find((x) => x.id === id);
  if (!d) throw new Error(`unknown deck ${id}; known: ${STARTER_DECKS.map((x) => x.id).join(", ")}`);
  return d.cards;
});
if (bots.length !== 2 || decks.length !== 2) throw new Error("--bots and --decks take two comma-separated names");

type Bot = (s: State, seat: Seat, rng: number[]) => Intent | null;
const BOTS: Record<string, Bot> = {
  random: (s, seat, rng) => randomBot(s, seat, rng),
  greedy: (s, seat) => greedyBot(s, seat),
};
for (const b of bots) if (!BOTS[b]) throw new Error(`unknown bot ${b}`);

let crashes = 0,
  draws = 0,
  actions = 0,
  turns = 0;
const winsBySeat = [0, 0];
const winsByBot: Record<string, number> = {};
const reasons: Record<string, number> = {};
const t0 = performance.now();
for (let g = 0; g < games; g++) {
  // bot 0 alternates seats so seat advantage and bot strength can be told apart
  const botAt: string[] = g % 2 === 0 ? [bots[0], bots[1]] : [bots[1], bots[0]];
  const rng = botRng(`${seed}:bots:${g}`);
  try {
    let s = createMatch({ seed: `${seed}:${g}`, decks: g % 2 === 0 ? [decks[0], decks[1]] : [decks[1], decks[0]] });
    while (!s.result) {
      const seat: Seat = s.phase === "mulligan" ? (s.players[0].mulliganed ? 1 : 0) : s.current;
      const intent = BOTS[botAt[seat]](s, seat, rng);
      if (!intent) throw new Error("bot returned no intent");
      const r = apply(s, seat, intent);
      if (!r.ok) throw new Error(`refused ${r.error.code}`);
      s = r.state;
      actions++;
    }
    turns += s.turn;
    reasons[s.result.reason] = (reasons[s.result.reason] ?? 0) + 1;
    if (s.result.winner === null) draws++;
    else {
      winsBySeat[s.result.winner]++;
      const name = botAt[s.result.winner];
      winsByBot[name] = (winsByBot[name] ?? 0) + 1;
    }
  } catch (err) {
    crashes++;
    process.stderr.write(`game ${g} crashed: ${err instanceof Error ? err.message : err}\n`);
  }
  if ((g + 1) % Math.max(1, Math.floor(games / 10)) === 0) process.stderr.write(`${g + 1}/${games} games\n`);
}
const secs = (performance.now() - t0) / 1000;
const round = (x: number) => Math.round(x * 1000) / 1000;
const winRateByBot: Record<string, number> = {};
if (bots[0] === bots[1]) winRateByBot[bots[0]] = round((winsByBot[bots[0]] ?? 0) / games);
else for (const b of bots) winRateByBot[b] = round((winsByBot[b] ?? 0) / games);
process.stdout.write(
  JSON.stringify({
    games,
    gamesPerSec: round(games / secs),
    actionsPerSec: Math.round(actions / secs),
    crashes,
    draws,
    winRateBySeat: { 0: round(winsBySeat[0] / games), 1: round(winsBySeat[1] / games) },
    avgTurns: round(turns / Math.max(1, games - crashes)),
    winRateByBot,
    reasons,
    bots,
    decks: deckIds,
    seed,
  }) + "\n",
);
