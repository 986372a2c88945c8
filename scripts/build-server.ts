// Compiles the server into dist/ with esbuild (docs/operations.md, "The build"):
//   dist/index.mjs           src/index.ts bundled: every module of src/ in one scope, so a binding imported from
//                            another module is a plain variable (no CommonJS export getter per use)
//   dist/migrations/*.js     migrations/*.ts, which src/db/migrate.ts loads from there when it runs from dist/
//   dist/bench-*.mjs         the benchmarks that run the server in their own process, bundled the same way
// Packages stay require()s of node_modules. Every bundle sits directly in dist/, one level below the root as
// src/*.ts and bench/*.ts do, so `__dirname`-relative paths (client/web/dist) resolve the same from both.
// Types are checked by `tsc --noEmit` (`npm run build`, `npm test`), not here. Skips the build when no input
// changed since the last one (`npm start` runs this every time); `--force` builds anyway.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const ROOT = path.resolve(__dirname, "..");
export const SERVER_DIST = path.join(ROOT, "dist");
const STAMP = path.join(SERVER_DIST, "build-inputs.sha256");
const MIGRATIONS = path.join(ROOT, "migrations");

const BUNDLES: Record<string, string> = {
  index: "src/index.ts",
  "bench-battle": "bench/battle.ts",
  "bench-engine": "bench/engine.ts",
};

/** Everything the bundles are made from: sources, migrations, benchmark code, the locked dependencies, this script. */
function inputFiles(): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      return e.isDirectory() ? walk(full) : [full];
    });
  const dirs = ["src", "migrations", "bench", "test/helpers"].map((d) => path.join(ROOT, d));
  const files = ["package-lock.json", "tsconfig.json", "scripts/build-server.ts"].map((f) => path.join(ROOT, f));
  return [...dirs.flatMap(walk), ...files].sort();
}

function inputsDigest(): string {
  const hash = createHash("sha256");
  for (const file of inputFiles()) {
    hash.update(path.relative(ROOT, file)).update("\0").update(fs.readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

const common = {
  bundle: true,
  platform: "node",
  target: "node22",
  packages: "external",
  sourcemap: "linked",
  // The same compiler options (decorators, class fields) as tsx uses for the sources.
  tsconfig: path.join(ROOT, "tsconfig.json"),
  logLevel: "warning",
} as const;

// ES modules, so every package is linked before any code runs. As CommonJS, a bundle require()s a package
// (@colyseus/redis-presence) that @colyseus/tools is still import()ing, and Node refuses that. The sources'
// `__dirname`, `__filename` and `require` are defined per bundle (each bundle is one file in dist/).
const ESM_BANNER = [
  'import { createRequire as __createRequire } from "node:module";',
  'import { dirname as __pathDirname } from "node:path";',
  'import { fileURLToPath as __fileURLToPath } from "node:url";',
  "const require = __createRequire(import.meta.url);",
  "const __filename = __fileURLToPath(import.meta.url);",
  "const __dirname = __pathDirname(__filename);",
].join("\n");

export async function buildServer(options: { force?: boolean; quiet?: boolean } = {}): Promise<{ built: boolean }> {
  const digest = inputsDigest();
  const upToDate = fs.existsSync(STAMP) && fs.readFileSync(STAMP, "utf8") === digest;
  if (
    !options.force &&
    upToDate &&
    Object.keys(BUNDLES).every((name) => fs.existsSync(path.join(SERVER_DIST, `${name}.mjs`)))
  ) {
    return { built: false };
  }
  const started = performance.now();
  fs.rmSync(SERVER_DIST, { recursive: true, force: true });
  await build({
    ...common,
    entryPoints: Object.fromEntries(Object.entries(BUNDLES).map(([name, file]) => [name, path.join(ROOT, file)])),
    outdir: SERVER_DIST,
    format: "esm",
    outExtension: { ".js": ".mjs" },
    banner: { js: ESM_BANNER },
  });
  const migrations = fs.readdirSync(MIGRATIONS).filter((f) => f.endsWith(".ts"));
  await build({
    ...common,
    entryPoints: migrations.map((f) => path.join(MIGRATIONS, f)),
    outdir: path.join(SERVER_DIST, "migrations"),
    format: "cjs",
  });
  fs.writeFileSync(STAMP, digest);
  if (!options.quiet) {
    process.stdout.write(`server built into dist/ in ${Math.round(performance.now() - started)} ms\n`);
  }
  return { built: true };
}

if (require.main === module) {
  buildServer({ force: process.argv.includes("--force") }).then(
    (outcome) => {
      if (!outcome.built) process.stdout.write("server build up to date (dist/)\n");
    },
    (err: unknown) => {
      process.stderr.write(`server build failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
