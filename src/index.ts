import { listen } from "@colyseus/tools";
import { createApp, hardenHttp } from "./app";
import { ConfigError, loadConfig, type Config } from "./config";
import { errorFields, log, setLogLevel } from "./logger";

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + "\n");
      process.exit(1);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  setLogLevel(config.LOG_LEVEL);
  if (config.JWT_SECRET_GENERATED) {
    log.warn("JWT_SECRET is not set: generated a random one for this run; tokens will not survive a restart");
  }
  if (config.STEAM_AUTH_MODE === "dev") {
    log.warn("STEAM_AUTH_MODE=dev: the ticket 'dev:<SteamID64>' logs in as anyone. Never expose this server publicly.");
  }
  const { services, server } = await createApp(config);
  log.info("database ready", { kind: services.db.kind, redis: Boolean(services.redis) });
  await listen(server, config.PORT);
  hardenHttp(server, services);
  const port = config.PORT + Number(process.env.NODE_APP_INSTANCE ?? 0);
  process.stdout.write(`Server listening on http://localhost:${port} (database: ${services.db.kind}, Steam auth: ${config.STEAM_AUTH_MODE})\n`);
}

main().catch((err) => {
  log.error("startup failed", errorFields(err));
  process.exit(1);
});
