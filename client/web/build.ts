// Bundles the web client with esbuild into client/web/dist: hashed asset names plus an index.html that names
// them. Skips the build when no input changed since the last one (`npm start` runs this every time).
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const ROOT = path.resolve(__dirname, "../..");
export const WEB_DIR = path.join(ROOT, "client/web");
export const DIST_DIR = path.join(WEB_DIR, "dist");
const STAMP = path.join(DIST_DIR, "build-inputs.sha256");

/** Everything the bundle is made from: the client, the rules engine it imports, and the locked dependencies. */
function inputFiles(): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === "dist" ? [] : walk(full);
      return [full];
    });
  return [...walk(WEB_DIR), ...walk(path.join(ROOT, "src/game")), path.join(ROOT, "package-lock.json")].sort();
}

function inputsDigest(): string {
  const hash = createHash("sha256");
  for (const file of inputFiles()) {
    hash.update(path.relative(ROOT, file)).update("\0").update(fs.readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

export interface BuildOutcome {
  built: boolean;
  files: string[];
}

export async function buildWebClient(options: { force?: boolean; quiet?: boolean } = {}): Promise<BuildOutcome> {
  const digest = inputsDigest();
  const index = path.join(DIST_DIR, "index.html");
  if (!options.force && fs.existsSync(index) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, "utf8") === digest) {
    return { built: false, files: fs.readdirSync(path.join(DIST_DIR, "assets")) };
  }
  fs.rmSync(DIST_DIR, { recursive: true, force: true });
  const result = await build({
    entryPoints: [path.join(WEB_DIR, "src/main.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: ["es2022"],
    minify: true,
    sourcemap: "linked",
    entryNames: "[name]-[hash]",
    outdir: path.join(DIST_DIR, "assets"),
    metafile: true,
    legalComments: "none",
    logLevel: options.quiet ? "error" : "warning",
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) => path.basename(file));
  const script = outputs.find((f) => f.endsWith(".js"));
  const style = outputs.find((f) => f.endsWith(".css"));
  if (!script || !style) throw new Error(`web client build: expected one .js and one .css, got ${outputs.join(", ")}`);
  const html = fs
    .readFileSync(path.join(WEB_DIR, "index.html"), "utf8")
    .replace("%STYLE%", `/assets/${style}`)
    .replace("%SCRIPT%", `/assets/${script}`);
  fs.writeFileSync(index, html);
  fs.writeFileSync(STAMP, digest);
  if (!options.quiet)
    process.stdout.write(`web client built: ${outputs.filter((f) => !f.endsWith(".map")).join(", ")}\n`);
  return { built: true, files: outputs };
}

if (require.main === module) {
  buildWebClient({ force: process.argv.includes("--force") }).then(
    (outcome) => {
      if (!outcome.built) process.stdout.write("web client up to date (client/web/dist)\n");
    },
    (err: unknown) => {
      process.stderr.write(`web client build failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
