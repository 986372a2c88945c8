export type {
  Seat,
  State,
  Intent,
  GameEvent,
  GameResult,
  CardDefinition,
  PlayerView,
  ApplyResult,
  Keyword,
  Rarity,
  Minion,
  HandCard,
  PlayerState,
  Phase,
  ClientCard,
  LoadedCard,
  Trigger,
  Aura,
} from "./types";
export type { Effect, Selector, TargetSpec, Group } from "./effects";
export { ENGINE_VERSION } from "./constants";
export * as effects from "./effects";
export { replay, type MatchOptions, type LogEntry } from "./match";
export { createMatch } from "./match";
export { apply, applyInPlace } from "./apply";
export { legalActions, isToAct } from "./legal";
export { view, viewEvents, eventsDifferBySeat } from "./view";
export { attackOf, healthOf, maxHealthOf } from "./stats";
export { keywordList } from "./keywords";
export { result, forfeit } from "./outcome";
export { catalogForClients, getCard, CARDS, loadCatalog } from "./catalog";
export { validateDeck, STARTER_DECKS, STARTER_COLLECTION, type StarterDeck, type DeckValidation } from "./decks";
export { cloneState } from "./clone";
export { hash } from "./hash";
