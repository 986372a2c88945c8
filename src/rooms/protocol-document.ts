import { z } from "zod";
import { battleClientMessages, battleServerMessages } from "../battle/battle-messages";
import { queueClientMessages, queueServerMessages } from "../matchmaker/queue-messages";

type MessageSchemas = Record<string, z.ZodType>;

/** Each room's messages in both directions: the zod schemas the server validates and types its sends with. */
export const roomMessages: Record<string, { clientToServer: MessageSchemas; serverToClient: MessageSchemas }> = {
  queue: { clientToServer: queueClientMessages, serverToClient: queueServerMessages },
  battle: { clientToServer: battleClientMessages, serverToClient: battleServerMessages },
};

export type JsonSchema = Record<string, unknown>;

export interface ProtocolDocument {
  rooms: Record<string, { clientToServer: Record<string, JsonSchema>; serverToClient: Record<string, JsonSchema> }>;
}

function toJsonSchemas(schemas: MessageSchemas, io: "input" | "output"): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const type of Object.keys(schemas).sort())
    out[type] = z.toJSONSchema(schemas[type], { target: "draft-2020-12", io }) as JsonSchema;
  return out;
}

/**
 * The JSON Schema (2020-12) of every room message, by room, direction and message type: what
 * docs/protocol.schema.json holds and GET /protocol.json serves. What a client sends is described as the
 * server accepts it (zod input), what it receives as the server produces it (zod output). A message without
 * payload is described as `null`.
 */
export function buildProtocolDocument(): ProtocolDocument {
  const rooms: ProtocolDocument["rooms"] = {};
  for (const room of Object.keys(roomMessages).sort()) {
    rooms[room] = {
      clientToServer: toJsonSchemas(roomMessages[room].clientToServer, "input"),
      serverToClient: toJsonSchemas(roomMessages[room].serverToClient, "output"),
    };
  }
  return { rooms };
}
