import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
export const NGINX_CONF = path.join(ROOT, "deploy/nginx.conf");
/** Debian's nginx (.ci/run installs it); /usr/sbin is not on every PATH. */
const NGINX_BIN = fs.existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";

function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  if (!pattern.test(text)) throw new Error(`deploy/nginx.conf changed: cannot find ${what}`);
  return text.replace(pattern, replacement);
}

/**
 * deploy/nginx.conf as a test can run it: the upstream and per-process ports become the test servers', the
 * plain-HTTP redirect server is dropped, the TLS server listens in plain HTTP on a spare loopback port, and the
 * access log goes to the test's directory. Every location, map, log format and proxy setting stays as written.
 */
export function deriveNginxConfig(
  source: string,
  o: { listenPort: number; upstreamPorts: number[]; accessLog: string },
): string {
  const shipped = [2567, 2568, 2569, 2570];
  let servers = 0;
  // Upstream members: the first shipped ports become the test's ports, with their parameters kept; the rest go.
  let conf = source.replace(
    /\n(\s*)server 127\.0\.0\.1:(\d+)([^;]*);/g,
    (_line, indent: string, port: string, params: string) => {
      servers++;
      const index = shipped.indexOf(Number(port));
      if (index < 0) throw new Error(`deploy/nginx.conf changed: unexpected upstream port ${port}`);
      return index < o.upstreamPorts.length ? `\n${indent}server 127.0.0.1:${o.upstreamPorts[index]}${params};` : "";
    },
  );
  if (servers < shipped.length) throw new Error("deploy/nginx.conf changed: cannot find the upstream servers");
  conf = replaceOnce(
    conf,
    /\(2567\|2568\|2569\|2570\)/g,
    `(${o.upstreamPorts.join("|")})`,
    "the per-process locations",
  );
  const redirect = conf.indexOf("server {\n    listen 80;");
  if (redirect < 0) throw new Error("deploy/nginx.conf changed: cannot find the port-80 server");
  let depth = 0;
  let end = redirect;
  for (let i = redirect; i < conf.length; i++) {
    if (conf[i] === "{") depth++;
    if (conf[i] === "}" && --depth === 0) {
      end = i + 1;
      break;
    }
  }
  conf = conf.slice(0, redirect) + conf.slice(end);
  conf = replaceOnce(conf, /listen 443 ssl;/, `listen 127.0.0.1:${o.listenPort};`, "listen 443 ssl");
  conf = replaceOnce(conf, /\n\s*listen \[::\]:443 ssl;/, "", "listen [::]:443 ssl");
  conf = conf.replace(/\n\s*ssl_[a-z_]+ [^;]*;/g, "");
  conf = conf.replace(/\n\s*add_header Strict-Transport-Security [^;]*;/, "");
  conf = replaceOnce(
    conf,
    /access_log \/var\/log\/nginx\/cardgame\.access\.log cardgame_safe;/g,
    `access_log ${o.accessLog} cardgame_safe;`,
    "the access_log",
  );
  return conf;
}

export interface RunningNginx {
  child: ChildProcess;
  port: number;
  accessLog: string;
  output: string[];
  stop(): Promise<void>;
}

/** A real nginx (not daemonised: a child process this test kills) with the derived configuration. */
export async function startNginx(dir: string, listenPort: number, upstreamPorts: number[]): Promise<RunningNginx> {
  const accessLog = path.join(dir, "access.log");
  const site = deriveNginxConfig(fs.readFileSync(NGINX_CONF, "utf8"), { listenPort, upstreamPorts, accessLog });
  fs.writeFileSync(path.join(dir, "cardgame.conf"), site);
  const temp = (name: string) => path.join(dir, name);
  const main = [
    process.getuid?.() === 0 ? "user root;" : "",
    "daemon off;",
    "worker_processes 1;",
    `pid ${temp("nginx.pid")};`,
    `error_log ${temp("error.log")} warn;`,
    "events { worker_connections 256; }",
    "http {",
    `  access_log off;`,
    `  client_body_temp_path ${temp("client_body")};`,
    `  proxy_temp_path ${temp("proxy")};`,
    `  fastcgi_temp_path ${temp("fastcgi")};`,
    `  uwsgi_temp_path ${temp("uwsgi")};`,
    `  scgi_temp_path ${temp("scgi")};`,
    `  include ${path.join(dir, "cardgame.conf")};`,
    "}",
  ].join("\n");
  const confFile = path.join(dir, "nginx.conf");
  fs.writeFileSync(confFile, main);
  const child = spawn(NGINX_BIN, ["-p", dir, "-c", confFile], { stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  child.stdout!.on("data", (d) => output.push(String(d)));
  child.stderr!.on("data", (d) => output.push(String(d)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const until = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(
        `nginx exited: ${output.join("")} ${fs.existsSync(temp("error.log")) ? fs.readFileSync(temp("error.log"), "utf8") : ""}`,
      );
    const up = await fetch(`http://127.0.0.1:${listenPort}/metrics`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() > until) throw new Error(`nginx did not listen on ${listenPort}: ${output.join("")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    port: listenPort,
    accessLog,
    output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
