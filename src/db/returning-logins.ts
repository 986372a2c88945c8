import type { Knex } from "knex";
import { PLAYER_COLUMNS, toPlayer, type PlayerRecord } from "./players";
import type { RefreshTokenRow } from "./refresh-tokens";
import { runSqlStatement } from "./sql-transaction";

export interface ReturningLogin {
  player: PlayerRecord;
  /** False when the player is banned: no refresh token was stored. */
  refreshStored: boolean;
}

interface PendingLogin {
  steamId: string;
  refresh: RefreshTokenRow;
  resolve(login: ReturningLogin | null): void;
  reject(err: unknown): void;
}

export interface ReturningLoginsOptions {
  /** Statements at the database at once; logins arriving meanwhile wait and go together in the next. */
  maxInFlight?: number;
  /** Most logins in one statement. */
  maxBatch?: number;
}

const DEADLOCK_DETECTED = "40P01";

// One statement for any number of logins: last_login_at for each player found, and each login's refresh
// token unless its player is banned. The UPDATE finds players through `= ANY`, which walks the primary key
// in key order, so two statements (two processes) lock shared rows in the same order.
const SQL = `WITH i AS (
    SELECT * FROM unnest(?::bigint[], ?::uuid[], ?::text[], ?::timestamptz[]) WITH ORDINALITY
      AS i(steam_id, family_id, token_hash, expires_at, n)
  ), p AS (
    UPDATE players SET last_login_at = now() WHERE steam_id = ANY(?::bigint[])
    RETURNING steam_id AS id, ${PLAYER_COLUMNS.join(", ")}
  ), t AS (
    INSERT INTO refresh_tokens (family_id, player_id, token_hash, expires_at)
    SELECT i.family_id, i.steam_id, i.token_hash, i.expires_at FROM i JOIN p ON p.id = i.steam_id
    WHERE p.banned_until IS NULL OR p.banned_until <= now()
    RETURNING token_hash
  )
  SELECT i.n::int AS n, p.*, i.token_hash IN (SELECT token_hash FROM t) AS refresh_stored
  FROM i JOIN p ON p.id = i.steam_id`;

/**
 * Returning players' logins, written in groups (group commit). A login goes to the database at once when
 * no statement is in flight; the logins that arrive while one is share the next statement. Under load this
 * turns hundreds of one-row statements a second into a few dozen multi-row ones, which costs PostgreSQL
 * and this process a fraction of the CPU per login, and adds no wait when the server is idle.
 *
 * The statement runs on the connections given (Database.asyncCommitKnex: synchronous_commit off). After a
 * PostgreSQL crash the last fraction of a second of logins may lose last_login_at and their refresh
 * token; those clients log in with Steam again. Registrations, results and refresh rotation stay durable.
 */
export class ReturningLogins {
  private readonly queue: PendingLogin[] = [];
  private inFlight = 0;
  private sent = { logins: 0, statements: 0 };
  private readonly maxInFlight: number;
  private readonly maxBatch: number;

  constructor(
    private readonly knex: Knex,
    options: ReturningLoginsOptions = {},
  ) {
    this.maxInFlight = options.maxInFlight ?? 1;
    this.maxBatch = options.maxBatch ?? 256;
  }

  /** Updates last_login_at and stores the refresh token (unless banned); null when the player does not exist yet. */
  login(steamId: string, refresh: RefreshTokenRow): Promise<ReturningLogin | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ steamId, refresh, resolve, reject });
      this.sendWhileRoom();
    });
  }

  /** Logins and statements sent so far: logins / statements is the mean group size. */
  stats(): { logins: number; statements: number } {
    return { ...this.sent };
  }

  private sendWhileRoom(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      this.sent.logins += batch.length;
      this.sent.statements++;
      this.send(batch).finally(() => {
        this.inFlight--;
        this.sendWhileRoom();
      });
    }
  }

  private async send(batch: PendingLogin[]): Promise<void> {
    try {
      const found = new Map<number, ReturningLogin>();
      for (const row of await this.runWithDeadlockRetry(batch)) {
        found.set(Number(row.n), { player: toPlayer(row), refreshStored: row.refresh_stored === true });
      }
      for (const [index, login] of batch.entries()) login.resolve(found.get(index + 1) ?? null);
    } catch (err) {
      for (const login of batch) login.reject(err);
    }
  }

  private async runWithDeadlockRetry(batch: PendingLogin[]): Promise<Array<Record<string, unknown>>> {
    const steamIds = batch.map((l) => l.steamId);
    const bindings = [
      steamIds,
      batch.map((l) => l.refresh.family_id),
      batch.map((l) => l.refresh.token_hash),
      batch.map((l) => l.refresh.expires_at),
      [...new Set(steamIds)],
    ];
    try {
      return await runSqlStatement(this.knex, SQL, bindings);
    } catch (err) {
      // Lock order is the same in every statement, so this is not expected; if PostgreSQL still picks this
      // statement as a deadlock victim, nothing of it was written and it can run again.
      if ((err as { code?: string }).code !== DEADLOCK_DETECTED) throw err;
      return runSqlStatement(this.knex, SQL, bindings);
    }
  }
}
