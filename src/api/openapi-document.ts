import { z } from "zod";
import { apiSchemas } from "./schemas";

type SchemaId =
  | "Error" | "DeckInput" | "DefaultDeckInput" | "Card" | "CardCatalog" | "OwnedCard" | "Collection" | "Deck" | "DeckList"
  | "MyProfile" | "PublicProfile" | "PlayerMatch" | "MatchPage" | "MatchSummary" | "LeaderboardEntry" | "LeaderboardPage"
  | "LoginInput" | "RefreshInput" | "Session" | "AccountAndProfile" | "Health" | "Ready" | "Replay";

interface ResponseSpec {
  description: string;
  /** Absent for bodiless answers (204, 304). "object" for a free-form JSON object. */
  schema?: SchemaId | "object";
  headers?: Record<string, string>;
}

export interface OperationSpec {
  method: "get" | "post" | "put" | "delete";
  /** OpenAPI form: /api/me/decks/{id} */
  path: string;
  summary: string;
  tag: string;
  auth: boolean;
  body?: SchemaId;
  pathParams?: Record<string, { description: string; schema: object }>;
  paged?: boolean;
  responses: Record<number, ResponseSpec>;
}

const UNAUTHORIZED: ResponseSpec = {
  description: "missing, invalid or expired access token (unauthorized / invalid_token / token_lifetime_exceeded / session_revoked); a banned player gets 403 banned",
  schema: "Error",
};
const PAGE_ERROR: ResponseSpec = { description: "bad limit or cursor (invalid_request / invalid_cursor)", schema: "Error" };
const DECK_ID = { id: { description: "deck id (uuid); anything else, or another player's deck, answers 404", schema: { type: "string" } } };

/** Every HTTP route the server answers (Colyseus' own /matchmake routes aside). */
export const OPERATIONS: OperationSpec[] = [
  { method: "get", path: "/health", summary: "Liveness probe", tag: "system", auth: false, responses: { 200: { description: "up", schema: "Health" } } },
  {
    method: "get", path: "/ready", summary: "Readiness probe: 503 `draining` from the start of a graceful shutdown, 503 `not_ready` while PostgreSQL or Redis (store, presence, driver) does not answer within 2 s", tag: "system", auth: false,
    responses: { 200: { description: "ready", schema: "Ready" }, 503: { description: "draining or not_ready", schema: "Error" } },
  },
  {
    method: "get", path: "/openapi.json", summary: "This document", tag: "system", auth: false,
    responses: { 200: { description: "OpenAPI 3.1 document", schema: "object" } },
  },
  {
    method: "get", path: "/protocol.json", summary: "JSON Schema (2020-12) of every room message, by room and direction (docs/protocol.schema.json)",
    tag: "system", auth: false,
    responses: { 200: { description: "{ rooms: { <room>: { clientToServer, serverToClient } } }", schema: "object" } },
  },
  {
    method: "post", path: "/auth/steam", summary: "Log in with a Steam Web API ticket (hex), register on first login", tag: "auth", auth: false,
    body: "LoginInput",
    responses: {
      200: { description: "session", schema: "Session" },
      400: { description: "malformed ticket (invalid_ticket)", schema: "Error" },
      401: { description: "Steam rejected the ticket, or it was replayed (steam_rejected / ticket_replayed)", schema: "Error" },
      403: { description: "banned", schema: "Error" },
      429: { description: "rate_limited (Retry-After header)", schema: "Error" },
      503: { description: "steam_unavailable (Retry-After header)", schema: "Error" },
    },
  },
  {
    method: "post", path: "/auth/refresh", summary: "Rotate the refresh token and get a new access token", tag: "auth", auth: false,
    body: "RefreshInput",
    responses: {
      200: { description: "new session", schema: "Session" },
      400: { description: "invalid_request", schema: "Error" },
      401: { description: "invalid_refresh_token / refresh_reused", schema: "Error" },
      403: { description: "banned (the account, or the licence owner it plays on)", schema: "Error" },
      429: { description: "rate_limited per address or per token family (Retry-After header)", schema: "Error" },
    },
  },
  {
    method: "post", path: "/auth/logout", summary: "Revoke the refresh token's whole family", tag: "auth", auth: false, body: "RefreshInput",
    responses: {
      204: { description: "logged out (also for unknown tokens); the family's access tokens stop within seconds" },
      400: { description: "invalid_request", schema: "Error" },
      429: { description: "rate_limited per address or per token family (Retry-After header)", schema: "Error" },
    },
  },
  {
    method: "get", path: "/me", summary: "Account row and raw rating profile", tag: "auth", auth: true,
    responses: { 200: { description: "account", schema: "AccountAndProfile" }, 401: UNAUTHORIZED, 404: { description: "player_not_found", schema: "Error" } },
  },
  {
    method: "get", path: "/api/cards", summary: "Card catalog (public, cacheable: ETag / If-None-Match)", tag: "cards", auth: false,
    responses: {
      200: { description: "catalog", schema: "CardCatalog", headers: { ETag: "strong validator of the catalog", "Cache-Control": "public, max-age=300" } },
      304: { description: "If-None-Match matched: the client's copy is current" },
    },
  },
  {
    method: "get", path: "/api/me/collection", summary: "Owned cards with counts", tag: "cards", auth: true,
    responses: { 200: { description: "collection", schema: "Collection" }, 401: UNAUTHORIZED },
  },
  {
    method: "get", path: "/api/me/decks", summary: "The player's decks (oldest first)", tag: "decks", auth: true,
    responses: { 200: { description: "decks", schema: "DeckList" }, 401: UNAUTHORIZED },
  },
  {
    method: "post", path: "/api/me/decks", summary: "Create a deck (the first deck becomes the default)", tag: "decks", auth: true, body: "DeckInput",
    responses: {
      201: { description: "created (Location header)", schema: "Deck" },
      400: { description: "invalid_deck with details [{ path, message }] (rules, ownership, name, 18-deck limit)", schema: "Error" },
      401: UNAUTHORIZED,
    },
  },
  {
    method: "get", path: "/api/me/decks/{id}", summary: "One deck", tag: "decks", auth: true, pathParams: DECK_ID,
    responses: { 200: { description: "deck", schema: "Deck" }, 401: UNAUTHORIZED, 404: { description: "deck_not_found", schema: "Error" } },
  },
  {
    method: "put", path: "/api/me/decks/{id}", summary: "Replace a deck's name and cards", tag: "decks", auth: true, pathParams: DECK_ID, body: "DeckInput",
    responses: {
      200: { description: "saved", schema: "Deck" },
      400: { description: "invalid_deck with details", schema: "Error" },
      401: UNAUTHORIZED,
      404: { description: "deck_not_found", schema: "Error" },
    },
  },
  {
    method: "delete", path: "/api/me/decks/{id}", summary: "Delete a deck (if it was the default, the oldest remaining deck becomes default)", tag: "decks",
    auth: true, pathParams: DECK_ID,
    responses: { 204: { description: "deleted" }, 401: UNAUTHORIZED, 404: { description: "deck_not_found", schema: "Error" } },
  },
  {
    method: "put", path: "/api/me/default-deck", summary: "Choose the default deck", tag: "decks", auth: true, body: "DefaultDeckInput",
    responses: {
      200: { description: "the new default deck", schema: "Deck" },
      400: { description: "invalid_request", schema: "Error" },
      401: UNAUTHORIZED,
      404: { description: "deck_not_found", schema: "Error" },
    },
  },
  {
    method: "get", path: "/api/me", summary: "The player's profile: rating, displayed MMR, tier, provisional flag, stats", tag: "players", auth: true,
    responses: { 200: { description: "profile", schema: "MyProfile" }, 401: UNAUTHORIZED, 404: { description: "player_not_found", schema: "Error" } },
  },
  {
    method: "get", path: "/api/me/matches", summary: "The player's matches, newest first (keyset pagination)", tag: "matches", auth: true, paged: true,
    responses: { 200: { description: "one page", schema: "MatchPage" }, 400: PAGE_ERROR, 401: UNAUTHORIZED },
  },
  {
    method: "get", path: "/api/matches/{id}", summary: "Public summary of a match", tag: "matches", auth: true,
    pathParams: { id: { description: "match id (uuid)", schema: { type: "string" } } },
    responses: { 200: { description: "summary", schema: "MatchSummary" }, 401: UNAUTHORIZED, 404: { description: "match_not_found", schema: "Error" } },
  },
  {
    method: "get", path: "/api/leaderboard", summary: "Non-provisional players by displayed MMR, with ranks (keyset pagination)", tag: "players",
    auth: true, paged: true,
    responses: { 200: { description: "one page", schema: "LeaderboardPage" }, 400: PAGE_ERROR, 401: UNAUTHORIZED },
  },
  {
    method: "get", path: "/api/players/{steamId}", summary: "A player's public profile", tag: "players", auth: true,
    pathParams: { steamId: { description: "SteamID64, decimal", schema: { type: "string", pattern: "^\\d{17}$" } } },
    responses: {
      200: { description: "profile", schema: "PublicProfile" },
      400: { description: "invalid_steam_id", schema: "Error" },
      401: UNAUTHORIZED,
      404: { description: "player_not_found", schema: "Error" },
    },
  },
  {
    method: "get", path: "/matches/{id}/replay", summary: "Seed, decks and intent log of one of your matches (participants only)", tag: "matches", auth: true,
    pathParams: { id: { description: "match id (uuid)", schema: { type: "string" } } },
    responses: {
      200: { description: "replay: rebuild with the engine's replay(seed, decks, intentLog), then forfeit if set; hash must equal finalHash", schema: "Replay" },
      401: UNAUTHORIZED,
      404: { description: "match_not_found (also for matches you did not play)", schema: "Error" },
    },
  },
];

function componentSchemas(): Record<string, object> {
  const { schemas } = z.toJSONSchema(apiSchemas, { uri: (id) => `#/components/schemas/${id}`, unrepresentable: "any" });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _dialect, $id: _id, ...rest } = schema as Record<string, unknown>;
      return [id, rest];
    }),
  );
}

const ref = (schema: SchemaId | "object") => (schema === "object" ? { type: "object" } : { $ref: `#/components/schemas/${schema}` });

function operationObject(op: OperationSpec): object {
  const parameters: object[] = Object.entries(op.pathParams ?? {}).map(([name, p]) => ({ name, in: "path", required: true, ...p }));
  if (op.paged) {
    parameters.push(
      { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 100, default: 20 } },
      { name: "cursor", in: "query", required: false, description: "nextCursor of the previous page (opaque)", schema: { type: "string", maxLength: 512 } },
    );
  }
  return {
    operationId: `${op.method}${op.path.replace(/[{}]/g, "").replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? "").toUpperCase())}`,
    summary: op.summary,
    tags: [op.tag],
    ...(op.auth ? { security: [{ bearer: [] }] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: ref(op.body) } } } } : {}),
    responses: Object.fromEntries(
      Object.entries(op.responses).map(([status, r]) => [
        status,
        {
          description: r.description,
          ...(r.headers ? { headers: Object.fromEntries(Object.entries(r.headers).map(([h, d]) => [h, { description: d, schema: { type: "string" } }])) } : {}),
          ...(r.schema ? { content: { "application/json": { schema: ref(r.schema) } } } : {}),
        },
      ]),
    ),
  };
}

export function buildOpenApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, object>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operationObject(op);
  return {
    openapi: "3.1.0",
    info: {
      title: "Card game backend",
      version: "1.0.0",
      description:
        "Errors are always { error: { code, message, details? } }. SteamID64 values are decimal strings. " +
        "Authenticated routes take Authorization: Bearer <accessToken> from POST /auth/steam.",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    servers: [{ url: "/" }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: componentSchemas(),
    },
    paths,
  };
}
