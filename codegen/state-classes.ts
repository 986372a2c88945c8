import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const SCHEMA_CODEGEN = path.join(ROOT, "node_modules/@colyseus/schema/bin/schema-codegen");

/** The Colyseus state schemas clients decode (rooms without state, like `queue`, have none). */
export const STATE_SOURCES = ["src/rooms/battle/battle-state.ts"];

/** C# namespace of every generated Unity class (state and messages). */
export const CSHARP_NAMESPACE = "SteamCardGame.Protocol";

/** Where each target's generated state classes go, relative to the repository root. */
export const STATE_OUTPUT = { csharp: "clients/unity/State", ts: "clients/typescript/state" } as const;

/** Runs @colyseus/schema's own `schema-codegen` for one target into a temporary folder; returns its files. */
function schemaCodegen(target: "csharp" | "ts", extraArgs: string[]): Map<string, string> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `schema-codegen-${target}-`));
  try {
    execFileSync(process.execPath, [SCHEMA_CODEGEN, ...STATE_SOURCES, `--${target}`, "--output", out, ...extraArgs], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
    });
    const files = new Map<string, string>();
    for (const name of fs.readdirSync(out).sort()) {
      files.set(`${STATE_OUTPUT[target]}/${name}`, fs.readFileSync(path.join(out, name), "utf8"));
    }
    if (files.size === 0) throw new Error(`schema-codegen --${target} generated nothing`);
    return files;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** C# (Unity) and TypeScript classes for the room state, by path relative to the repository root. */
export function stateClassFiles(): Map<string, string> {
  return new Map([...schemaCodegen("csharp", ["--namespace", CSHARP_NAMESPACE]), ...schemaCodegen("ts", [])]);
}
