import { z } from "zod";
import { UNAUTHORIZED, type OperationSpec, type SchemaId } from "./operation-spec";
import { apiSchemas } from "./schemas";

/** The routes served outside the player API modules (system, auth, replays); those declare theirs beside their handlers. */
export const SERVER_OPERATIONS: OperationSpec[] = [
  {
    method: "get",
    path: "/health",
    summary: "Liveness probe",
    tag: "system",
    auth: false,
    responses: { 200: { description: "up", schema: "Health" } },
  },
  {
    method: "get",
    path: "/ready",
    summary:
      "Readiness probe: 503 `draining` from the start of a graceful shutdown, 503 `not_ready` while PostgreSQL or Redis (store, presence, driver) does not answer within 2 s",
    tag: "system",
    auth: false,
    responses: {
      200: { description: "ready", schema: "Ready" },
      503: { description: "draining or not_ready", schema: "Error" },
    },
  },
  {
    method: "get",
    path: "/openapi.json",
    summary: "This document",
    tag: "system",
    auth: false,
    responses: { 200: { description: "OpenAPI 3.1 document", schema: "object" } },
  },
  {
    method: "get",
    path: "/protocol.json",
    summary: "JSON Schema (2020-12) of every room message, by room and direction (docs/protocol.schema.json)",
    tag: "system",
    auth: false,
    responses: { 200: { description: "{ rooms: { <room>: { clientToServer, serverToClient } } }", schema: "object" } },
  },
  {
    method: "post",
    path: "/auth/steam",
    summary: "Log in with a Steam Web API ticket (hex), register on first login",
    tag: "auth",
    auth: false,
    body: "LoginInput",
    responses: {
      200: { description: "session", schema: "Session" },
      400: { description: "malformed ticket (invalid_ticket)", schema: "Error" },
      401: {
        description: "Steam rejected the ticket, or it was replayed (steam_rejected / ticket_replayed)",
        schema: "Error",
      },
      403: { description: "banned", schema: "Error" },
      429: { description: "rate_limited (Retry-After header)", schema: "Error" },
      503: { description: "steam_unavailable (Retry-After header)", schema: "Error" },
    },
  },
  {
    method: "post",
    path: "/auth/refresh",
    summary: "Rotate the refresh token and get a new access token",
    tag: "auth",
    auth: false,
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
    method: "post",
    path: "/auth/logout",
    summary: "Revoke the refresh token's whole family",
    tag: "auth",
    auth: false,
    body: "RefreshInput",
    responses: {
      204: { description: "logged out (also for unknown tokens); the family's access tokens stop within seconds" },
      400: { description: "invalid_request", schema: "Error" },
      429: { description: "rate_limited per address or per token family (Retry-After header)", schema: "Error" },
    },
  },
  {
    method: "get",
    path: "/matches/{id}/replay",
    summary: "Seed, decks and intent log of one of your matches (participants only)",
    tag: "matches",
    auth: true,
    pathParams: { id: { description: "match id (uuid)", schema: { type: "string" } } },
    responses: {
      200: {
        description:
          "replay: rebuild with the engine's replay(seed, decks, intentLog), then forfeit if set; hash must equal finalHash",
        schema: "Replay",
      },
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

const refOne = (schema: SchemaId | "object") =>
  schema === "object" ? { type: "object" } : { $ref: `#/components/schemas/${schema}` };
const ref = (schema: SchemaId | "object" | SchemaId[]) =>
  Array.isArray(schema) ? { oneOf: schema.map(refOne) } : refOne(schema);

function operationObject(op: OperationSpec): object {
  const parameters: object[] = Object.entries(op.pathParams ?? {}).map(([name, p]) => ({
    name,
    in: "path",
    required: true,
    ...p,
  }));
  for (const [name, p] of Object.entries(op.queryParams ?? {}))
    parameters.push({ name, in: "query", required: false, ...p });
  if (op.paged) {
    parameters.push(
      {
        name: "limit",
        in: "query",
        required: false,
        schema: { type: "integer", minimum: 1, maximum: 100, default: 20 },
      },
      {
        name: "cursor",
        in: "query",
        required: false,
        description: "nextCursor of the previous page (opaque)",
        schema: { type: "string", maxLength: 512 },
      },
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
          ...(r.headers
            ? {
                headers: Object.fromEntries(
                  Object.entries(r.headers).map(([h, d]) => [h, { description: d, schema: { type: "string" } }]),
                ),
              }
            : {}),
          ...(r.schema ? { content: { "application/json": { schema: ref(r.schema) } } } : {}),
        },
      ]),
    ),
  };
}

/** The document of these operations; a response or body naming an unregistered schema throws. */
export function buildOpenApiDocument(operations: OperationSpec[]): Record<string, unknown> {
  const schemas = componentSchemas();
  const paths: Record<string, Record<string, object>> = {};
  for (const op of operations) {
    for (const id of [op.body, ...Object.values(op.responses).flatMap((r) => r.schema)]) {
      if (id !== undefined && id !== "object" && !(id in schemas))
        throw new Error(`${op.method} ${op.path}: no schema registered as ${id}`);
    }
    paths[op.path] ??= {};
    paths[op.path][op.method] = operationObject(op);
  }
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
      schemas,
    },
    paths,
  };
}
