import { loadConfig } from "../config";
import { openDatabase } from "../db/database";
import { loadReplay, verifyReplay } from "../battle/stored-replay";

/** `npm run replay -- <matchId>`: re-simulates a recorded match and checks its final hash. */
async function main(): Promise<void> {
  const matchId = process.argv[2];
  if (!matchId) throw new Error("usage: npm run replay -- <matchId>");
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, embeddedDir: config.EMBEDDED_DB_DIR });
  try {
    const stored = await loadReplay(db.knex, matchId);
    if (!stored) throw new Error(`match ${matchId} not found`);
    const verdict = verifyReplay(stored);
    console.log(
      `match ${matchId}: ${stored.intentLog.length} intents, end ${stored.endReason}, engine ${stored.engineVersion}`,
    );
    console.log(verdict.hashMatches ? "replay hash matches" : "REPLAY HASH MISMATCH");
    console.log(JSON.stringify({ matchId, intents: stored.intentLog.length, ...verdict }));
    process.exitCode = verdict.hashMatches ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
