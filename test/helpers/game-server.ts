import net from "node:net";
import { ColyseusTestServer } from "@colyseus/testing";
import { ColyseusSDK } from "@colyseus/sdk";
import { createApp, type App } from "../../src/app";
import type { Backend } from "./backends";
import { request } from "./http";
import { testConfig } from "./test-app";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface TestGameServer {
  app: App;
  colyseus: ColyseusTestServer;
  baseUrl: string;
  wsUrl: string;
  /** A fresh SDK client (one per player). */
  sdk(): ColyseusSDK;
  /** An SDK client carrying a valid access token for steamId (seat reservations are bound to their player). */
  sdkAs(steamId: string): ColyseusSDK;
  login(steamId: string): Promise<{ accessToken: string; refreshToken: string }>;
  close(): Promise<void>;
}

/** The whole server (Colyseus + Express + services) in this process, on one backend. */
export async function startTestGameServer(backend: Backend, env: Record<string, string> = {}): Promise<TestGameServer> {
  const provisioned = await backend.provision();
  const port = await freePort();
  const config = testConfig({ STEAM_AUTH_MODE: "dev", PORT: String(port), ...provisioned.env, ...env });
  const app = await createApp(config);
  await app.server.listen(port);
  const colyseus = new ColyseusTestServer(app.server);
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    colyseus,
    baseUrl,
    wsUrl: `ws://127.0.0.1:${port}`,
    sdk: () => new ColyseusSDK(`ws://127.0.0.1:${port}`),
    sdkAs(steamId) {
      const sdk = new ColyseusSDK(`ws://127.0.0.1:${port}`);
      sdk.auth.token = app.services.accessTokens.sign(steamId).token;
      return sdk;
    },
    async login(steamId) {
      const res = await request(baseUrl, "POST", "/auth/steam", { body: { ticket: `dev:${steamId}` } });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async close() {
      // As the real server's onBeforeShutdown: the matcher stops before rooms and services go.
      await app.services.playModes.stop();
      await colyseus.cleanup().catch(() => undefined);
      await colyseus.shutdown();
      await app.services.close();
      await provisioned.dispose();
    },
  };
}
