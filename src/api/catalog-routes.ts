import { createHash } from "node:crypto";
import type { Application, Request } from "express";
import type { z } from "zod";
import { catalogForClients, ENGINE_VERSION } from "../game";
import type { CardCatalogResponse } from "./schemas";
import type { OperationSpec } from "./operation-spec";

/** The catalog is fixed for the life of the process: serialise and hash it once. */
function buildCatalogPayload(): { body: string; etag: string } {
  const catalog: z.infer<typeof CardCatalogResponse> = { engineVersion: ENGINE_VERSION, cards: catalogForClients() };
  const body = JSON.stringify(catalog);
  return { body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` };
}

function matchesEtag(req: Request, etag: string): boolean {
  const header = req.headers["if-none-match"];
  if (!header) return false;
  return header.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t === etag || t === `W/${etag}`;
  });
}

export function mountCatalogRoutes(app: Application): void {
  let payload: { body: string; etag: string } | null = null;
  app.get("/api/cards", (req, res) => {
    payload ??= buildCatalogPayload();
    res.setHeader("ETag", payload.etag);
    // Public and the same for everyone; revalidation is a cheap 304, so a short max-age is enough.
    res.setHeader("Cache-Control", "public, max-age=300, must-revalidate");
    if (matchesEtag(req, payload.etag)) {
      res.status(304).end();
      return;
    }
    res.type("application/json").send(payload.body);
  });
}

export const catalogOperations: OperationSpec[] = [
  {
    method: "get",
    path: "/api/cards",
    summary: "Card catalog (public, cacheable: ETag / If-None-Match)",
    tag: "cards",
    auth: false,
    responses: {
      200: {
        description: "catalog",
        schema: "CardCatalog",
        headers: { ETag: "strong validator of the catalog", "Cache-Control": "public, max-age=300" },
      },
      304: { description: "If-None-Match matched: the client's copy is current" },
    },
  },
];
