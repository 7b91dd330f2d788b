export interface WindowedCountsOptions {
  /** Length of the window in seconds (default 300). */
  seconds?: number;
  /** Wall clock in ms (tests inject a fake one). */
  now?: () => number;
}

interface Slot {
  /** Epoch second this slot holds; -1 when unused. */
  second: number;
  counts: number[];
}

/**
 * Named counters over a sliding window of the last `seconds` seconds: a ring of per-second slots, so memory stays
 * flat however busy the BFF is, and a count leaves the window a second at a time.
 */
export class WindowedCounts<Key extends string> {
  readonly seconds: number;
  private readonly keys: readonly Key[];
  private readonly now: () => number;
  private readonly ring: Slot[];

  constructor(keys: readonly Key[], options: WindowedCountsOptions = {}) {
    this.seconds = options.seconds ?? 300;
    if (!Number.isSafeInteger(this.seconds) || this.seconds < 1) throw new Error('seconds must be ≥ 1');
    this.keys = keys;
    this.now = options.now ?? Date.now;
    this.ring = Array.from({ length: this.seconds }, () => ({
      second: -1,
      counts: new Array<number>(keys.length).fill(0),
    }));
  }

  /** Adds `by` (default 1) to `key` in the current second. */
  add(key: Key, by = 1): void {
    const index = this.keys.indexOf(key);
    if (index < 0) return;
    const second = Math.floor(this.now() / 1000);
    const slot = this.ring[second % this.seconds];
    if (!slot) return;
    if (slot.second !== second) {
      // The slot still holds a second that left the window: reuse it.
      slot.second = second;
      slot.counts.fill(0);
    }
    slot.counts[index] = (slot.counts[index] ?? 0) + by;
  }

  /** Each key's sum over the last `seconds` seconds (the current one included). */
  totals(): Record<Key, number> {
    const current = Math.floor(this.now() / 1000);
    const sums = new Array<number>(this.keys.length).fill(0);
    for (const slot of this.ring) {
      if (slot.second <= current - this.seconds || slot.second > current) continue;
      for (let i = 0; i < sums.length; i++) sums[i] = (sums[i] ?? 0) + (slot.counts[i] ?? 0);
    }
    return Object.fromEntries(this.keys.map((key, i) => [key, sums[i] ?? 0])) as Record<Key, number>;
  }
}
