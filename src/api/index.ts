import type { RouteModule } from "../http/http-app";
import { catalogOperations, mountCatalogRoutes } from "./catalog-routes";
import { collectionOperations, mountCollectionRoutes } from "./collection-routes";
import { deckOperations, mountDeckRoutes } from "./deck-routes";
import { leaderboardOperations, mountLeaderboardRoutes } from "./leaderboard-routes";
import { matchOperations, mountMatchRoutes } from "./match-routes";
import { buildOpenApiDocument, SERVER_OPERATIONS } from "./openapi-document";
import type { OperationSpec } from "./operation-spec";
import { mountPlayModeRoutes, playModeOperations } from "./play-mode-routes";
import { mountProfileRoutes, profileOperations } from "./profile-routes";

/**
 * The player API modules: each mounts its handlers and declares their OpenAPI operations beside them, so a
 * route added to a module needs no edit here (a new module is one line).
 */
const API_MODULES: Array<{ mount: RouteModule; operations: OperationSpec[] }> = [
  { mount: (app) => mountCatalogRoutes(app), operations: catalogOperations },
  { mount: mountCollectionRoutes, operations: collectionOperations },
  { mount: mountDeckRoutes, operations: deckOperations },
  { mount: mountProfileRoutes, operations: profileOperations },
  { mount: mountMatchRoutes, operations: matchOperations },
  { mount: mountLeaderboardRoutes, operations: leaderboardOperations },
  { mount: mountPlayModeRoutes, operations: playModeOperations },
];

/** Every HTTP route the server answers (Colyseus' own /matchmake routes aside), as /openapi.json lists them. */
export const OPERATIONS: OperationSpec[] = [...SERVER_OPERATIONS, ...API_MODULES.flatMap((m) => m.operations)];

/** The player API (/api/*) and /openapi.json. */
export const playerApiRoutes: RouteModule = (app, services) => {
  for (const module of API_MODULES) module.mount(app, services);

  let document: Record<string, unknown> | null = null;
  app.get("/openapi.json", (_req, res) => {
    document ??= buildOpenApiDocument(OPERATIONS);
    res.setHeader("Cache-Control", "public, max-age=300");
    res.json(document);
  });
};
