import fs from "node:fs";
import path from "node:path";
import { protocolSchemaFile } from "./protocol-schema";

/** Every generated file, by path relative to the repository root. */
export async function generatedFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  files.set("docs/protocol.schema.json", protocolSchemaFile());
  return files;
}

/** Writes the generated files under `root` (the repository, or a temporary folder in the drift test). */
export async function writeGenerated(root: string): Promise<string[]> {
  const files = await generatedFiles();
  for (const [file, text] of files) {
    const target = path.join(root, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }
  return [...files.keys()];
}
