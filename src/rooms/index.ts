import type { RegisteredHandler } from "@colyseus/core";

/** Every room this server offers, by name. */
export function roomDefinitions(): Record<string, RegisteredHandler> {
  return {};
}
