import { listen } from "@colyseus/tools";
import { ConfigError, loadConfig, type Config } from "./config";
import { errorFields, log, setLogLevel } from "./logger";
import { checkStartupDependencies } from "./lifecycle/startup-checks";
import { StartupError } from "./lifecycle/startup-error";

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

/** One line naming the setting to fix, then exit non-zero (a process manager's restart backs off). */
function exitStartupFailed(err: StartupError): never {
  process.stderr.write(`Cannot start: ${err.message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const config = readConfig();
  setLogLevel(config.LOG_LEVEL);
  const port = config.PORT + Number(process.env.NODE_APP_INSTANCE ?? 0);
  await checkStartupDependencies(config, port);
  if (config.JWT_SECRET_GENERATED) {
    log.warn("JWT_SECRET is not set: generated a random one for this run; tokens will not survive a restart");
  }
  if (config.STEAM_AUTH_MODE === "dev") {
    log.warn("STEAM_AUTH_MODE=dev: the ticket 'dev:<SteamID64>' logs in as anyone. Never expose this server publicly.");
  }
  // Loaded only once the checks pass: a server that cannot start says so without loading the whole game first.
  const { createApp } = await import("./app");
  const { services, server } = await createApp(config);
  log.info("database ready", { kind: services.db.kind, redis: Boolean(services.redis) });
  // The port was free a moment ago; if another process took it since, say so instead of hanging.
  server.transport?.server?.once("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EADDRINUSE")
      exitStartupFailed(new StartupError("PORT", `port ${port} is already in use (another server on it?)`));
  });
  await listen(server, config.PORT);
  process.stdout.write(
    `Server listening on http://localhost:${port} (database: ${services.db.kind}, Steam auth: ${config.STEAM_AUTH_MODE})\n`,
  );
}

main().catch((err) => {
  if (err instanceof StartupError) exitStartupFailed(err);
  log.error("startup failed", errorFields(err));
  // Open connections (Redis retrying, a database pool) must not keep a failed server alive.
  process.exit(1);
});
