import type { SharedStore } from "./shared-store";

interface Entry {
  value: string;
  expiresAt: number;
}

export class MemoryStore implements SharedStore {
  private readonly entries = new Map<string, Entry>();
  private sweeps = 0;

  private live(key: string, now = Date.now()): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweepOccasionally(now: number): void {
    if (++this.sweeps % 1024 !== 0) return;
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    this.sweepOccasionally(now);
    if (this.live(key, now)) return false;
    this.entries.set(key, { value, expiresAt: now + ttlMs });
    return true;
  }

  async get(key: string): Promise<string | null> {
    return this.live(key)?.value ?? null;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(key, { value, expiresAt: Date.now() + ttlMs });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async incrementWindow(key: string, ttlMs: number): Promise<number> {
    const now = Date.now();
    this.sweepOccasionally(now);
    const entry = this.live(key, now);
    const count = entry ? Number(entry.value) + 1 : 1;
    this.entries.set(key, { value: String(count), expiresAt: entry?.expiresAt ?? now + ttlMs });
    return count;
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}
