/** The bot policy shared by tests, benchmarks and the load test: only what a real client is sent. */

export type LegalAction = Record<string, unknown> & { type: string };

/** Small seeded PRNG (mulberry32), so bot games are repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One action from a `legal` list, sent back unchanged: keep the opening hand, then mostly play or attack
 * (90%), otherwise end the turn. Never concedes.
 */
export function chooseAction<T extends LegalAction>(actions: T[], random: () => number): T | undefined {
  const choices = actions.filter((a) => a.type !== "concede");
  const keep = choices.find((a) => a.type === "mulligan" && Array.isArray(a.replace) && a.replace.length === 0);
  if (keep) return keep;
  const active = choices.filter((a) => a.type === "play" || a.type === "attack");
  if (active.length > 0 && random() < 0.9) return active[Math.floor(random() * active.length)];
  return choices.find((a) => a.type === "end_turn");
}
