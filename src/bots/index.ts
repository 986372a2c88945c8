// Bots: players that choose intents for a seat (benchmarks, simulations, load tests, tests). Not engine API.
export { randomBot, botRng } from "./random-bot";
export { greedyBot, evaluate } from "./greedy-bot";
export { pickLegalAction } from "./pick-legal-action";
