// PM2 process file for a cluster of game server processes on one host.
// Full guide: docs/operations.md ("Cluster"). Variables: docs/configuration.md.
//
//   npm run build                                  # once per deploy: compiles dist/ (PM2 does not build)
//   npm run migrate                                # once per deploy, before (re)starting processes
//   npx pm2 start ecosystem.config.js --env production
//   pm2 reload cardgame-2567                       # one process at a time: it drains its battles first
//
// Why one PM2 app per port instead of one app with `instances: N`:
// every process must announce its own PUBLIC_ADDRESS (game.example.com/2568 for the process on port 2568):
// it goes into seat reservations and clients open their WebSocket there. PM2 gives the instances of one app
// identical environments (only NODE_APP_INSTANCE differs). PUBLIC_ADDRESS may contain `{port}` (replaced by
// PORT + NODE_APP_INSTANCE, src/server.ts), so one app with `instances: N` would also work; separate apps are
// kept so each process can be stopped, reloaded and removed by name. The per-process value is computed here. Each app has exactly one instance, so NODE_APP_INSTANCE is
// always 0 and the port that @colyseus/tools' listen() binds (PORT + NODE_APP_INSTANCE) is exactly PORT.
// Do not raise `instances` on these apps: the extra instances would bind PORT+1, PORT+2… (colliding with
// the next app) while announcing the first one's PUBLIC_ADDRESS.
//
// Knobs read from the shell that runs `pm2 start` (not by the server itself):
//   GAME_INSTANCES    number of processes (default 4; keep deploy/nginx.conf in step)
//   GAME_BASE_PORT    port of the first process (default 2567)
//   GAME_PUBLIC_HOST  public host name clients reach nginx at (default game.example.com; no scheme)
//
// Open files: every connected player is one socket (one descriptor) in its process. PM2 has no per-app
// limit; the apps inherit the PM2 daemon's. Start the daemon with `ulimit -n 65536` (or LimitNOFILE in the
// `pm2 startup` systemd unit): docs/operations.md, "Capacity and OS limits". The same section gives the
// kernel settings a host for 10,000 players per process needs (net.core.somaxconn for reconnect bursts,
// the ephemeral port range behind nginx); they are sysctl settings of the host, not of PM2.
//
// Secrets (JWT_SECRET, DATABASE_URL, REDIS_URL, STEAM_WEB_API_KEY…) are not written in this file. Either
// export them in the shell that runs `pm2 start` (they are copied into every app below), or put them in
// `.env.production` next to this file (chmod 600): every process loads it at start-up through
// @colyseus/tools. A value PM2 passes in the environment wins over the same key in a .env file.

const path = require("node:path");

const INSTANCES = intFromEnv("GAME_INSTANCES", 4, 1, 64);
const BASE_PORT = intFromEnv("GAME_BASE_PORT", 2567, 1, 65535 - INSTANCES);
const PUBLIC_HOST = process.env.GAME_PUBLIC_HOST || "game.example.com";

// The npm-installed Node 22 (package "node" in package.json), not whatever `node` is on the PATH:
// Colyseus 0.18 needs Node >= 22. An interpreter whose name ends in "node" makes PM2 start the script
// through its fork container, which keeps the IPC channel `wait_ready` needs.
const NODE = path.join(__dirname, "node_modules", ".bin", "node");

// Copied from the shell into every app when set there; otherwise the processes read them from .env.production.
const PASS_THROUGH = [
  "DATABASE_URL",
  "REDIS_URL",
  "REDIS_KEY_PREFIX",
  "JWT_SECRET",
  "JWT_ISSUER",
  "STEAM_WEB_API_KEY",
  "STEAM_APP_ID",
  "STEAM_IDENTITY",
  "TRUST_PROXY",
  "LOG_LEVEL",
  "METRICS_TOKEN",
  "WS_PING_INTERVAL_MS",
  "WS_PING_MAX_RETRIES",
];

function intFromEnv(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`ecosystem.config.js: ${name} must be an integer in ${min}..${max}, got '${raw}'`);
  }
  return n;
}

function fromShell(names) {
  const out = {};
  for (const name of names) if (process.env[name]) out[name] = process.env[name];
  return out;
}

function app(index) {
  const port = BASE_PORT + index;
  return {
    name: `cardgame-${port}`,
    cwd: __dirname,
    // The build (`npm run build`, scripts/build-server.ts): what `npm start` runs.
    script: "dist/index.mjs",
    interpreter: NODE,
    node_args: ["--enable-source-maps"],
    exec_mode: "fork",
    instances: 1,
    autorestart: true,
    // Restart loops (bad configuration exits with one line naming the variable) back off instead of spinning.
    exp_backoff_restart_delay: 1000,
    max_restarts: 20,
    min_uptime: "30s",

    // src/index.ts calls listen() from @colyseus/tools, which sends process.send('ready') once the port is
    // bound, after migrations and the card catalog sync. Until then PM2 does not count the process as up.
    wait_ready: true,
    // Start-up runs migrations and opens PostgreSQL/Redis; PGlite (no DATABASE_URL) is slower to open.
    listen_timeout: 60_000,

    // Stop = SIGINT, then SIGKILL after kill_timeout. On SIGINT Colyseus stops placing new rooms on this
    // process, disconnects queue rooms and battles that have not started, and waits for running battles to
    // end (BattleRoom.onBeforeShutdown) before exiting. A battle lasts at most 90 turns; with TURN_SECONDS=75
    // a slow pair can take well over an hour, a typical one 10–20 minutes. 30 minutes lets nearly every
    // battle finish; whatever is still running at SIGKILL is lost without a result. Shorter = faster
    // deploys, more lost battles. See docs/operations.md, "Graceful shutdown".
    kill_signal: "SIGINT",
    kill_timeout: 30 * 60 * 1000,

    // Logs are already one JSON object per line with a timestamp (src/logger.ts).
    merge_logs: true,
    out_file: path.join(__dirname, "logs", `cardgame-${port}.out.log`),
    error_file: path.join(__dirname, "logs", `cardgame-${port}.err.log`),

    // `pm2 start ecosystem.config.js` (no --env): for trying the cluster locally. It still needs DATABASE_URL
    // and REDIS_URL: without them every process would open the same PGlite directory (PGlite is single-process)
    // and keep its own in-memory queue, and without JWT_SECRET each process would sign tokens with its own key.
    env: {
      NODE_ENV: "development",
      PORT: String(port),
      // No proxy in development: clients connect straight to each port.
      PUBLIC_ADDRESS: `localhost:${port}`,
      ...fromShell(PASS_THROUGH),
    },
    env_production: {
      NODE_ENV: "production",
      PORT: String(port),
      // There is no HOST setting: the process binds every interface. Firewall the game ports so
      // only nginx reaches them (docs/operations.md, "Security").
      // No scheme. nginx routes /<port>/ to this process (deploy/nginx.conf); clients connect to
      // wss://game.example.com/<port>/<processId>/<roomId>.
      PUBLIC_ADDRESS: `${PUBLIC_HOST}/${port}`,
      ...fromShell(PASS_THROUGH),
      // Placeholders for what must come from the shell or .env.production (never commit real values):
      //   DATABASE_URL=postgres://cardgame:CHANGE_ME@db.internal:5432/cardgame   (required for more than one process)
      //   REDIS_URL=redis://redis.internal:6379/0                                (required for more than one process)
      //   JWT_SECRET=<48+ random bytes, base64url; identical on every process>   (required in production)
      //   STEAM_WEB_API_KEY=<publisher Web API key>, STEAM_APP_ID=<app id>       (required in production)
    },
  };
}

module.exports = {
  apps: Array.from({ length: INSTANCES }, (_, i) => app(i)),
};
