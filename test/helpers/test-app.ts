import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { loadConfig, type Config } from "../../src/config";
import { configureHttpApp } from "../../src/http/http-app";
import { prepareHttpServer, routeModules } from "../../src/app";
import { createServices, type Services } from "../../src/services";
import type { Backend } from "./backends";

export const TEST_JWT_SECRET = "test-secret-that-is-long-enough-0123456789";

export interface TestHttpApp {
  baseUrl: string;
  services: Services;
  config: Config;
  close(): Promise<void>;
}

export function testConfig(env: Record<string, string | undefined>): Config {
  return loadConfig({
    NODE_ENV: "test",
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: "error",
    ...env,
  } as NodeJS.ProcessEnv);
}

/**
 * The real HTTP routes (the same Express setup Colyseus serves, with the auth JSON routes answered ahead of
 * it and the body-size guard, as in the server) on a random port, on one backend.
 */
export async function startTestHttpApp(
  backend: Backend,
  env: Record<string, string | undefined> = {},
): Promise<TestHttpApp> {
  const provisioned = await backend.provision();
  const config = testConfig({ ...provisioned.env, ...env });
  const services = await createServices(config);
  const app = express();
  configureHttpApp(app, services, routeModules);
  const server = http.createServer(app);
  prepareHttpServer(server, services);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    services,
    config,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.close();
      await provisioned.dispose();
    },
  };
}
