import path from "node:path";

/**
 * The repository root. This file sits one level below it both as a source (src/) and inside the build's bundle
 * (dist/index.mjs), so paths to checked-in assets resolve from here rather than from each module's own folder.
 */
export const PROJECT_ROOT = path.resolve(__dirname, "..");
