interface Entry {
  model: string;
  value: unknown;
  expiresAt: number;
}

/**
 * A short-lived, size-bounded cache of read results, used only when a caller passes
 * `cacheTtlMs`. Every write through the client and every change hint for a model drops that
 * model's entries. Values are shared: callers must not mutate what they get.
 */
export class OdooReadCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = 2000) {}

  get(key: string, now = Date.now()): { hit: true; value: unknown } | { hit: false } {
    const e = this.entries.get(key);
    if (!e) return { hit: false };
    if (e.expiresAt <= now) {
      this.entries.delete(key);
      return { hit: false };
    }
    return { hit: true, value: e.value };
  }

  set(key: string, model: string, value: unknown, ttlMs: number, now = Date.now()): void {
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { model, value, expiresAt: now + ttlMs });
  }

  invalidateModel(model: string): void {
    for (const [k, e] of this.entries) if (e.model === model) this.entries.delete(k);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
