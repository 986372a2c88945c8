import type { z } from "zod";
import { ApiError } from "../http/http-errors";

/** Opaque page cursors: base64url JSON. Clients pass them back unchanged; the content is not a contract. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

export function decodeCursor<T extends z.ZodType>(schema: T, cursor: string): z.infer<T> {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw invalidCursor();
  return parsed.data;
}

function invalidCursor(): ApiError {
  return new ApiError(400, "invalid_cursor", "cursor is not one this server issued");
}
