import type Redis from "ioredis";
import type { SharedStore } from "./shared-store";

const INCREMENT_WINDOW = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

type WithIncrementWindow = Redis & { cgIncrementWindow(key: string, ttlMs: number): Promise<number> };

export class RedisStore implements SharedStore {
  private readonly redis: WithIncrementWindow;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    // A defined command goes as EVALSHA (the script body is sent only once per connection).
    redis.defineCommand("cgIncrementWindow", { numberOfKeys: 1, lua: INCREMENT_WINDOW });
    this.redis = redis as WithIncrementWindow;
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.prefix + key, value, "PX", ttlMs, "NX")) === "OK";
  }

  async get(key: string): Promise<string | null> {
    return this.redis.get(this.prefix + key);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.prefix + key, value, "PX", ttlMs);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

  async incrementWindow(key: string, ttlMs: number): Promise<number> {
    return Number(await this.redis.cgIncrementWindow(this.prefix + key, ttlMs));
  }

  async close(): Promise<void> {
    // The connection belongs to the caller that created it.
  }
}
