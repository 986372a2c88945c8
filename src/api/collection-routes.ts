import type { Application } from "express";
import type { z } from "zod";
import { listCollection } from "../db/collections";
import type { Services } from "../services";
import { authenticated, currentSteamId } from "./authenticated";
import type { CollectionResponse } from "./schemas";
import { UNAUTHORIZED, type OperationSpec } from "./operation-spec";

export function mountCollectionRoutes(app: Application, services: Services): void {
  app.get("/api/me/collection", ...authenticated(services), async (_req, res) => {
    const body: z.infer<typeof CollectionResponse> = {
      cards: await listCollection(services.db.knex, currentSteamId(res.locals)),
    };
    res.json(body);
  });
}

export const collectionOperations: OperationSpec[] = [
  {
    method: "get",
    path: "/api/me/collection",
    summary: "Owned cards with counts",
    tag: "cards",
    auth: true,
    responses: { 200: { description: "collection", schema: "Collection" }, 401: UNAUTHORIZED },
  },
];
