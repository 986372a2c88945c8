import fs from "node:fs";
import path from "node:path";
import { protocolSchemaFile } from "./protocol-schema";
import { csharpMessageFiles } from "./csharp-messages";
import { CSHARP_NAMESPACE, stateClassFiles } from "./state-classes";

/** Every generated file, by path relative to the repository root. */
export async function generatedFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  files.set("docs/protocol.schema.json", protocolSchemaFile());
  for (const [file, text] of stateClassFiles()) files.set(file, text);
  const doc = JSON.parse(protocolSchemaFile());
  for (const [file, text] of csharpMessageFiles(doc, CSHARP_NAMESPACE, MESSAGES_FOLDER)) files.set(file, text);
  return files;
}

/** Folders holding nothing but generated files: emptied before writing, so a removed class disappears. */
export const GENERATED_FOLDERS = ["clients/unity/State", "clients/unity/Messages", "clients/typescript/state"];

/** The C# message classes (from docs/protocol.schema.json). */
export const MESSAGES_FOLDER = "clients/unity/Messages";

/** Writes the generated files under `root` (the repository, or a temporary folder in the drift test). */
export async function writeGenerated(root: string): Promise<string[]> {
  const files = await generatedFiles();
  for (const folder of GENERATED_FOLDERS) fs.rmSync(path.join(root, folder), { recursive: true, force: true });
  for (const [file, text] of files) {
    const target = path.join(root, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }
  return [...files.keys()];
}
