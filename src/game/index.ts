export type {
  Seat, State, Intent, GameEvent, GameResult, CardDefinition, PlayerView, ApplyResult, Keyword, Rarity,
  Minion, HandCard, PlayerState, Phase, ClientCard, LoadedCard, Trigger, Aura,
} from './types';
export type { Effect, Selector, TargetSpec, Group } from './effects';
export { ENGINE_VERSION } from './constants';
export * as effects from './effects';
export { replay, type MatchOptions, type LogEntry } from './match';
// hot entry points re-exported as local constants: `export { x } from` compiles to a getter that calls
// the source module's getter (two calls per use); a local constant is one
import { createMatch as createMatch_ } from './match';
import { apply as apply_, applyInPlace as applyInPlace_ } from './apply';
export const createMatch = createMatch_;
export const apply = apply_;
export const applyInPlace = applyInPlace_;
export { legalActions, isToAct } from './legal';
export { view, viewEvents, eventsDifferBySeat } from './view';
export { attackOf, healthOf, maxHealthOf } from './stats';
export { keywordList } from './keywords';
export { result, forfeit } from './outcome';
export { catalogForClients, getCard, CARDS, loadCatalog } from './catalog';
export { validateDeck, STARTER_DECKS, STARTER_COLLECTION, type StarterDeck, type DeckValidation } from './decks';
export { cloneState } from './clone';
export { hash } from './hash';
