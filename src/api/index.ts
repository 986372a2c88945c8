import type { RouteModule } from "../http/http-app";
import { mountCatalogRoutes } from "./catalog-routes";
import { mountCollectionRoutes } from "./collection-routes";
import { mountDeckRoutes } from "./deck-routes";
import { mountLeaderboardRoutes } from "./leaderboard-routes";
import { mountMatchRoutes } from "./match-routes";
import { buildOpenApiDocument } from "./openapi-document";
import { mountProfileRoutes } from "./profile-routes";

/** The player API (/api/*) and /openapi.json. */
export const playerApiRoutes: RouteModule = (app, services) => {
  mountCatalogRoutes(app);
  mountCollectionRoutes(app, services);
  mountDeckRoutes(app, services);
  mountProfileRoutes(app, services);
  mountMatchRoutes(app, services);
  mountLeaderboardRoutes(app, services);

  let document: Record<string, unknown> | null = null;
  app.get("/openapi.json", (_req, res) => {
    document ??= buildOpenApiDocument();
    res.setHeader("Cache-Control", "public, max-age=300");
    res.json(document);
  });
};
