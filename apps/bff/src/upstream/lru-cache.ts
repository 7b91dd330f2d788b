/** A small least-recently-used map bounded by entry count (a Map keeps insertion order). */
export class LruCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(readonly maxEntries: number) {}

  /** Number of stored entries. */
  get size(): number {
    return this.entries.size;
  }

  /** Returns the value and marks it as most recently used. */
  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Stores the value as most recently used, evicting the least recently used entries beyond the bound. */
  set(key: string, value: V): void {
    if (this.maxEntries <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  /** Removes one entry. */
  delete(key: string): void {
    this.entries.delete(key);
  }
}
