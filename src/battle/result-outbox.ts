import fs from "node:fs";
import path from "node:path";
import type Redis from "ioredis";
import type { FinishedMatch } from "./finished-match";

/**
 * Durable queue of finished matches whose result could not be written to PostgreSQL yet.
 * Entries are removed only after they were recorded; recording is idempotent on the match id,
 * so an entry handled twice (two processes, a crash between write and removal) changes nothing.
 */
export interface ResultOutbox {
  push(match: FinishedMatch): Promise<void>;
  /** Oldest first. */
  list(limit: number): Promise<FinishedMatch[]>;
  remove(matchId: string): Promise<void>;
  size(): Promise<number>;
}

export class RedisResultOutbox implements ResultOutbox {
  private readonly key: string;
  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.key = `${prefix}outbox:results`;
  }

  async push(match: FinishedMatch): Promise<void> {
    await this.redis.rpush(this.key, JSON.stringify(match));
  }

  async list(limit: number): Promise<FinishedMatch[]> {
    return (await this.redis.lrange(this.key, 0, limit - 1)).map((raw) => JSON.parse(raw) as FinishedMatch);
  }

  async remove(matchId: string): Promise<void> {
    for (const raw of await this.redis.lrange(this.key, 0, -1)) {
      if ((JSON.parse(raw) as FinishedMatch).matchId === matchId) await this.redis.lrem(this.key, 0, raw);
    }
  }

  size(): Promise<number> {
    return this.redis.llen(this.key);
  }
}

/** One JSON line per match; rewritten atomically (temp file + rename) on removal. Single process. */
export class FileResultOutbox implements ResultOutbox {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  }

  private serialized<T>(fn: () => T): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private read(): FinishedMatch[] {
    if (!fs.existsSync(this.file)) return [];
    return fs
      .readFileSync(this.file, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as FinishedMatch];
        } catch {
          return []; // a torn last line from a crash mid-append
        }
      });
  }

  push(match: FinishedMatch): Promise<void> {
    return this.serialized(() => {
      const fd = fs.openSync(this.file, "a");
      try {
        fs.writeSync(fd, JSON.stringify(match) + "\n");
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    });
  }

  list(limit: number): Promise<FinishedMatch[]> {
    return this.serialized(() => this.read().slice(0, limit));
  }

  remove(matchId: string): Promise<void> {
    return this.serialized(() => {
      const remaining = this.read().filter((m) => m.matchId !== matchId);
      const tmp = `${this.file}.tmp`;
      fs.writeFileSync(tmp, remaining.map((m) => JSON.stringify(m) + "\n").join(""));
      fs.renameSync(tmp, this.file);
    });
  }

  size(): Promise<number> {
    return this.serialized(() => this.read().length);
  }
}
