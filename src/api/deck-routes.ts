import type { Application, Request } from "express";
import type { z } from "zod";
import {
  createDeck,
  deleteDeck,
  findDeck,
  listDecks,
  MAX_DECKS_PER_PLAYER,
  replaceDeck,
  setDefaultDeck,
  type DeckRecord,
} from "../db/decks";
import { ApiError } from "../http/http-errors";
import type { Services } from "../services";
import { parseOrThrow } from "../http/validation";
import { authenticated, currentSteamId } from "./authenticated";
import { deckProblems } from "./deck-rules";
import { DeckBody, DefaultDeckBody, type DeckListResponse, type DeckSchema } from "./schemas";
import { UNAUTHORIZED, DECK_ID, type OperationSpec } from "./operation-spec";

/** Same answer for a deck that does not exist and another player's deck: never confirm someone else's id. */
const deckNotFound = () => new ApiError(404, "deck_not_found", "No such deck");

function invalidDeck(details: Array<{ path: string; message: string }>): ApiError {
  return new ApiError(400, "invalid_deck", "The deck cannot be saved", { details });
}

function toWire(deck: DeckRecord): z.infer<typeof DeckSchema> {
  return deck;
}

export function mountDeckRoutes(app: Application, services: Services): void {
  const knex = services.db.knex;
  const auth = authenticated(services);

  async function legalDeckFrom(req: Request, steamId: string): Promise<DeckBody> {
    const deck = parseOrThrow(DeckBody, req.body ?? {}, "invalid_deck", "The deck cannot be saved");
    const problems = await deckProblems(knex, steamId, deck);
    if (problems.length > 0) throw invalidDeck(problems);
    return deck;
  }

  app.get("/api/me/decks", ...auth, async (_req, res) => {
    const body: z.infer<typeof DeckListResponse> = {
      decks: (await listDecks(knex, currentSteamId(res.locals))).map(toWire),
      maxDecks: MAX_DECKS_PER_PLAYER,
    };
    res.json(body);
  });

  app.post("/api/me/decks", ...auth, async (req, res) => {
    const steamId = currentSteamId(res.locals);
    const deck = await legalDeckFrom(req, steamId);
    const outcome = await createDeck(knex, steamId, deck);
    if (outcome.kind === "limit_reached") {
      throw invalidDeck([{ path: "(root)", message: `a player can have at most ${MAX_DECKS_PER_PLAYER} decks` }]);
    }
    res.status(201).location(`/api/me/decks/${outcome.deck.id}`).json(toWire(outcome.deck));
  });

  app.get("/api/me/decks/:id", ...auth, async (req, res) => {
    const deck = await findDeck(knex, currentSteamId(res.locals), String(req.params.id));
    if (!deck) throw deckNotFound();
    res.json(toWire(deck));
  });

  app.put("/api/me/decks/:id", ...auth, async (req, res) => {
    const steamId = currentSteamId(res.locals);
    const deckId = String(req.params.id);
    // Existence first: another player's deck id must answer 404 whatever the body says.
    if (!(await findDeck(knex, steamId, deckId))) throw deckNotFound();
    const deck = await legalDeckFrom(req, steamId);
    const saved = await replaceDeck(knex, steamId, deckId, deck);
    if (!saved) throw deckNotFound();
    res.json(toWire(saved));
  });

  app.delete("/api/me/decks/:id", ...auth, async (req, res) => {
    if (!(await deleteDeck(knex, currentSteamId(res.locals), String(req.params.id)))) throw deckNotFound();
    res.status(204).end();
  });

  app.put("/api/me/default-deck", ...auth, async (req, res) => {
    const { deckId } = parseOrThrow(DefaultDeckBody, req.body ?? {}, "invalid_request", "Body must be { deckId }");
    const deck = await setDefaultDeck(knex, currentSteamId(res.locals), deckId);
    if (!deck) throw deckNotFound();
    res.json(toWire(deck));
  });
}

export const deckOperations: OperationSpec[] = [
  {
    method: "get",
    path: "/api/me/decks",
    summary: "The player's decks (oldest first)",
    tag: "decks",
    auth: true,
    responses: { 200: { description: "decks", schema: "DeckList" }, 401: UNAUTHORIZED },
  },
  {
    method: "post",
    path: "/api/me/decks",
    summary: "Create a deck (the first deck becomes the default)",
    tag: "decks",
    auth: true,
    body: "DeckInput",
    responses: {
      201: { description: "created (Location header)", schema: "Deck" },
      400: {
        description: "invalid_deck with details [{ path, message }] (rules, ownership, name, 18-deck limit)",
        schema: "Error",
      },
      401: UNAUTHORIZED,
    },
  },
  {
    method: "get",
    path: "/api/me/decks/{id}",
    summary: "One deck",
    tag: "decks",
    auth: true,
    pathParams: DECK_ID,
    responses: {
      200: { description: "deck", schema: "Deck" },
      401: UNAUTHORIZED,
      404: { description: "deck_not_found", schema: "Error" },
    },
  },
  {
    method: "put",
    path: "/api/me/decks/{id}",
    summary: "Replace a deck's name and cards",
    tag: "decks",
    auth: true,
    pathParams: DECK_ID,
    body: "DeckInput",
    responses: {
      200: { description: "saved", schema: "Deck" },
      400: { description: "invalid_deck with details", schema: "Error" },
      401: UNAUTHORIZED,
      404: { description: "deck_not_found", schema: "Error" },
    },
  },
  {
    method: "delete",
    path: "/api/me/decks/{id}",
    summary: "Delete a deck (if it was the default, the oldest remaining deck becomes default)",
    tag: "decks",
    auth: true,
    pathParams: DECK_ID,
    responses: {
      204: { description: "deleted" },
      401: UNAUTHORIZED,
      404: { description: "deck_not_found", schema: "Error" },
    },
  },
  {
    method: "put",
    path: "/api/me/default-deck",
    summary: "Choose the default deck",
    tag: "decks",
    auth: true,
    body: "DefaultDeckInput",
    responses: {
      200: { description: "the new default deck", schema: "Deck" },
      400: { description: "invalid_request", schema: "Error" },
      401: UNAUTHORIZED,
      404: { description: "deck_not_found", schema: "Error" },
    },
  },
];
