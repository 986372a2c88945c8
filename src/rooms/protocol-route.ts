import type { RouteModule } from "../http/http-app";
import { buildProtocolDocument, type ProtocolDocument } from "./protocol-document";

/** GET /protocol.json: the JSON Schema of every room message (docs/protocol.schema.json). */
export const protocolRoute: RouteModule = (app) => {
  let document: ProtocolDocument | null = null;
  app.get("/protocol.json", (_req, res) => {
    document ??= buildProtocolDocument();
    res.setHeader("Cache-Control", "public, max-age=300");
    res.json(document);
  });
};
