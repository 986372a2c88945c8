/**
 * Small expiring key/value operations that must be shared by every server process
 * (ticket replay memory, login rate limits, rating cache). Redis backs it with REDIS_URL,
 * a Map otherwise.
 */
export interface SharedStore {
  /** Sets key only if absent; true when this call set it. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Increments a counter that expires ttlMs after its first increment; returns the new count. */
  incrementWindow(key: string, ttlMs: number): Promise<number>;
  close(): Promise<void>;
}
