import { Glicko2 } from "glicko2";

export interface Rating {
  rating: number;
  deviation: number;
  volatility: number;
}

/** τ constrains volatility change; 0.5 is Glickman's suggested middle value. */
const TAU = 0.5;

/**
 * Rates one 1v1 game. `scoreA` is 1 (A won), 0 (A lost) or 0.5 (draw).
 * A fresh Glicko2 instance per game: the package ages every player it holds on each update.
 */
export function rateGame(a: Rating, b: Rating, scoreA: 0 | 0.5 | 1): [Rating, Rating] {
  const glicko = new Glicko2({ tau: TAU, rating: 1500, rd: 350, vol: 0.06 });
  const pa = glicko.makePlayer(a.rating, a.deviation, a.volatility);
  const pb = glicko.makePlayer(b.rating, b.deviation, b.volatility);
  glicko.updateRatings([[pa, pb, scoreA]]);
  const read = (p: typeof pa): Rating => ({ rating: p.getRating(), deviation: p.getRd(), volatility: p.getVol() });
  return [read(pa), read(pb)];
}
