import type { UpstreamWindow } from '@storefront/contract';

export interface RollingWindowOptions {
  /** Length of the window in seconds (default 30). */
  seconds?: number;
  /** Wall clock in ms (tests inject a fake one). */
  now?: () => number;
}

/**
 * Upper bounds (ms) of the latency histogram buckets: fine where web calls usually land, coarse in the
 * tail. A fixed histogram keeps memory constant whatever the traffic; a percentile is reported as the
 * upper bound of its bucket (at most ~25% high), clipped to the slowest latency seen in the window.
 */
export const LATENCY_BOUNDS_MS: readonly number[] = [
  1,
  2,
  3,
  4,
  5,
  6,
  8,
  10,
  12,
  15,
  20,
  25,
  30,
  40,
  50,
  60,
  80,
  100,
  120,
  150,
  200,
  250,
  300,
  400,
  500,
  600,
  800,
  1000,
  1200,
  1500,
  2000,
  2500,
  3000,
  4000,
  5000,
  6000,
  8000,
  10_000,
  15_000,
  20_000,
  30_000,
  60_000,
  Number.POSITIVE_INFINITY,
];

interface Bucket {
  /** Epoch second this bucket holds; -1 when unused. */
  second: number;
  requests: number;
  errors: number;
  maxMs: number;
  histogram: number[];
}

function bucketIndex(latencyMs: number): number {
  // Linear scan: 43 bounds, and most latencies hit within the first dozen.
  for (let i = 0; i < LATENCY_BOUNDS_MS.length; i++) {
    if (latencyMs <= (LATENCY_BOUNDS_MS[i] ?? Number.POSITIVE_INFINITY)) return i;
  }
  return LATENCY_BOUNDS_MS.length - 1;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/**
 * A ring of per-second buckets with request counts, error counts and a latency histogram each; its snapshot is
 * the ops stream's `window`.
 */
export class RollingWindow {
  readonly seconds: number;
  private readonly now: () => number;
  private readonly ring: Bucket[];

  constructor(options: RollingWindowOptions = {}) {
    this.seconds = options.seconds ?? 30;
    if (!Number.isSafeInteger(this.seconds) || this.seconds < 1) throw new Error('seconds must be ≥ 1');
    this.now = options.now ?? Date.now;
    this.ring = Array.from({ length: this.seconds }, () => ({
      second: -1,
      requests: 0,
      errors: 0,
      maxMs: 0,
      histogram: new Array<number>(LATENCY_BOUNDS_MS.length).fill(0),
    }));
  }

  /** Records one finished request: whether it failed and how long it took. */
  record(failed: boolean, latencyMs: number, at: number = this.now()): void {
    const second = Math.floor(at / 1000);
    const bucket = this.ring[second % this.seconds];
    if (!bucket) return;
    if (bucket.second !== second) {
      // The slot still holds a second that left the window: reuse it.
      bucket.second = second;
      bucket.requests = 0;
      bucket.errors = 0;
      bucket.maxMs = 0;
      bucket.histogram.fill(0);
    }
    const latency = Number.isFinite(latencyMs) && latencyMs > 0 ? latencyMs : 0;
    bucket.requests++;
    if (failed) bucket.errors++;
    bucket.maxMs = Math.max(bucket.maxMs, latency);
    const index = bucketIndex(latency);
    bucket.histogram[index] = (bucket.histogram[index] ?? 0) + 1;
  }

  /** Aggregates the buckets of the last `seconds` seconds (the current one included). */
  snapshot(at: number = this.now()): UpstreamWindow {
    const current = Math.floor(at / 1000);
    const histogram = new Array<number>(LATENCY_BOUNDS_MS.length).fill(0);
    let requests = 0;
    let errors = 0;
    let maxMs = 0;
    for (const bucket of this.ring) {
      if (bucket.second <= current - this.seconds || bucket.second > current) continue;
      requests += bucket.requests;
      errors += bucket.errors;
      maxMs = Math.max(maxMs, bucket.maxMs);
      for (let i = 0; i < histogram.length; i++)
        histogram[i] = (histogram[i] ?? 0) + (bucket.histogram[i] ?? 0);
    }
    const percentile = (p: number): number => {
      if (requests === 0) return 0;
      const rank = Math.ceil((p / 100) * requests);
      let seen = 0;
      for (let i = 0; i < histogram.length; i++) {
        seen += histogram[i] ?? 0;
        if (seen >= rank) return round(Math.min(LATENCY_BOUNDS_MS[i] ?? maxMs, maxMs), 1);
      }
      return round(maxMs, 1);
    };
    return {
      seconds: this.seconds,
      requests,
      ratePerSec: round(requests / this.seconds, 2),
      errorPercent: requests === 0 ? 0 : round((errors / requests) * 100, 1),
      p50Ms: percentile(50),
      p95Ms: percentile(95),
      p99Ms: percentile(99),
    };
  }
}
