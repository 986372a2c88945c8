// Engine throughput on one core: random-bot games/s and state clones/s. Last stdout line is JSON.
import { apply, applyInPlace, cloneState, createMatch, STARTER_DECKS } from "../src/game";
import { botRng, randomBot } from "../src/bots";
import type { Seat, State } from "../src/game";

const decks = [STARTER_DECKS[0].cards, STARTER_DECKS[1].cards];
const seconds = Number(process.env.BENCH_SECONDS ?? 3);

/** CPU milliseconds used by this process (all threads, so GC helper threads make it conservative). */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function randomGames(budgetMs: number, step = apply): { games: number; actions: number; ms: number; cpu: number } {
  let games = 0,
    actions = 0;
  const c0 = cpuMs();
  const t0 = performance.now();
  while (performance.now() - t0 < budgetMs) {
    let s = createMatch({ seed: games, decks });
    const rng = botRng(`bench:${games}`);
    while (!s.result) {
      const seat: Seat = s.phase === "mulligan" ? (s.players[0].mulliganed ? 1 : 0) : s.current;
      const r = step(s, seat, randomBot(s, seat, rng)!);
      if (!r.ok) throw new Error(r.error.code);
      s = r.state;
      actions++;
    }
    games++;
  }
  return { games, actions, ms: performance.now() - t0, cpu: cpuMs() - c0 };
}

function clones(budgetMs: number): { clones: number; ms: number } {
  // a mid-game state: play a seeded random game for 40 actions
  let s: State = createMatch({ seed: "clone", decks });
  const rng = botRng("clone");
  for (let i = 0; i < 40 && !s.result; i++) {
    const seat: Seat = s.phase === "mulligan" ? (s.players[0].mulliganed ? 1 : 0) : s.current;
    const r = apply(s, seat, randomBot(s, seat, rng)!);
    if (r.ok) s = r.state;
  }
  let n = 0,
    sink = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < budgetMs) {
    for (let i = 0; i < 1000; i++) sink += cloneState(s).nextId;
    n += 1000;
  }
  if (sink < 0) console.log(sink);
  return { clones: n, ms: performance.now() - t0 };
}

randomGames(500); // warm-up
// immutable apply(): one state clone per action, what the battle room does
const g = randomGames(seconds * 1000);
// applyInPlace(): same rules and validation, no clone; for simulations that own their state
const gi = randomGames(seconds * 1000, applyInPlace);
const c = clones(seconds * 1000);
const gamesPerSec = Math.round((g.games / g.ms) * 1000);
const actionsPerSec = Math.round((g.actions / g.ms) * 1000);
const gamesPerSecInPlace = Math.round((gi.games / gi.ms) * 1000);
// the machine may be shared: rates per CPU-second show what one core does when it is not preempted
const gamesPerCpuSec = Math.round((g.games / g.cpu) * 1000);
const gamesPerCpuSecInPlace = Math.round((gi.games / gi.cpu) * 1000);
const clonesPerSec = Math.round((c.clones / c.ms) * 1000);
process.stderr.write(
  `random-bot games: ${g.games} in ${(g.ms / 1000).toFixed(2)}s (${(g.actions / g.games).toFixed(1)} actions/game)\n`,
);
process.stderr.write(
  `targets: >= 10000 games/s with apply() ${gamesPerSec >= 10000 ? "MET" : "MISSED"}, with applyInPlace() ${gamesPerSecInPlace >= 10000 ? "MET" : "MISSED"}, >= 100000 clones/s ${clonesPerSec >= 100000 ? "MET" : "MISSED"}\n`,
);
console.log(
  JSON.stringify({
    gamesPerSec,
    gamesPerSecInPlace,
    gamesPerCpuSec,
    gamesPerCpuSecInPlace,
    actionsPerSec,
    clonesPerSec,
    actionsPerGame: Math.round((g.actions / g.games) * 10) / 10,
    seconds,
  }),
);
