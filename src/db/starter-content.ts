import { STARTER_COLLECTION, STARTER_DECKS } from "../game";
import { grantCards } from "./collections";
import { countCards, insertStarterDecks } from "./decks";
import type { RegistrationStep } from "./players";

/** Registration step: the starter collection and the two starter decks (the first one default). */
export const grantStarterContent: RegistrationStep = async (trx, steamId) => {
  await grantCards(trx, steamId, STARTER_COLLECTION);
  await insertStarterDecks(
    trx,
    steamId,
    STARTER_DECKS.map((deck) => ({ name: deck.name, cards: countCards(deck.cards) })),
  );
};
