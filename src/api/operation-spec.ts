/** The OpenAPI description of one route, written next to its handler (src/api/*-routes.ts). */

/** The id a zod schema is registered under in `apiSchemas` (src/api/schemas.ts). */
export type SchemaId = string;

export interface ResponseSpec {
  description: string;
  /** Absent for bodiless answers (204, 304). "object" for a free-form JSON object; a list for oneOf. */
  schema?: SchemaId | "object" | SchemaId[];
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
  queryParams?: Record<string, { description: string; schema: object }>;
  paged?: boolean;
  responses: Record<number, ResponseSpec>;
}

export const UNAUTHORIZED: ResponseSpec = {
  description:
    "missing, invalid or expired access token (unauthorized / invalid_token / token_lifetime_exceeded / session_revoked); a banned player gets 403 banned",
  schema: "Error",
};
export const PAGE_ERROR: ResponseSpec = {
  description: "bad limit or cursor (invalid_request / invalid_cursor)",
  schema: "Error",
};
export const DECK_ID = {
  id: {
    description: "deck id (uuid); anything else, or another player's deck, answers 404",
    schema: { type: "string" },
  },
};
