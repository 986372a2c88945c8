import { buildProtocolDocument } from "../src/rooms/protocol-document";

/** docs/protocol.schema.json, byte for byte. */
export function protocolSchemaFile(): string {
  return JSON.stringify(buildProtocolDocument(), null, 2) + "\n";
}
