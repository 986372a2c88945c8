/**
 * npm run codegen — regenerates the client contract from the server's schemas: docs/protocol.schema.json
 * (room messages), clients/unity/ (C#) and clients/typescript/ (state classes). Commit the result; a test
 * fails when the committed files differ from what this writes.
 */
import path from "node:path";
import { writeGenerated } from "./generate";

writeGenerated(path.resolve(__dirname, "..")).then(
  (files) => console.log(`codegen: wrote ${files.length} files\n${files.map((f) => `  ${f}`).join("\n")}`),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
