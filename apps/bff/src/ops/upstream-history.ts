import type { BreakerState, HistorySample, UpstreamSamples, UpstreamWindow } from '@storefront/contract';
import type { UpstreamEvent } from '../upstream/types.js';

/** What the history reads of an upstream (an `Upstream` fits; tests hand in a fake). */
export interface HistorySource {
  readonly name: string;
  onEvent(listener: (event: UpstreamEvent) => void): () => void;
  windowSnapshot(): UpstreamWindow;
  snapshot(): { state: BreakerState };
}

export interface UpstreamHistoryOptions {
  /** Time between two regular samples (default 5 s). */
  periodMs?: number;
  /** How far back samples are kept (default 10 min). */
  spanMs?: number;
  /** Wall clock in ms (tests move a fake one). */
  clock?: () => number;
}

/** A sample as kept: the instant as a number, turned into ISO text only when asked for. */
type Kept = Omit<HistorySample, 'at'> & { at: number };

/** A fixed-capacity ring: pushing onto a full one overwrites the oldest item, so memory never grows. */
export class SampleRing<T> {
  private readonly items: T[] = [];
  private next = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
  }

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    if (this.items.length < this.capacity) this.items.push(item);
    else this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Oldest first. */
  toArray(): T[] {
    if (this.items.length < this.capacity) return [...this.items];
    return [...this.items.slice(this.next), ...this.items.slice(0, this.next)];
  }
}

/** A figure the contract can carry: JSON has no NaN nor Infinity, and an empty window may report either. */
function finite(value: number, max = Number.MAX_SAFE_INTEGER): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(0, value)) : 0;
}

/**
 * Per upstream, the samples of the last `spanMs` (state, error %, p99, rate of its rolling window) for the console's
 * charts: one every `periodMs` (the caller's timer calls `sample()`), and one at each transition so that a breaker
 * open for less than a period still shows. Each upstream's ring holds twice a span's regular samples: a flapping
 * breaker's transitions may push the oldest out early, never grow memory.
 */
export class UpstreamHistory {
  readonly periodMs: number;
  readonly spanMs: number;
  private readonly clock: () => number;
  private readonly rings = new Map<string, SampleRing<Kept>>();
  private readonly sources: HistorySource[] = [];
  private unsubscribers: Array<() => void> = [];

  constructor(options: UpstreamHistoryOptions = {}) {
    this.periodMs = options.periodMs ?? 5000;
    this.spanMs = options.spanMs ?? 600_000;
    this.clock = options.clock ?? Date.now;
  }

  /** Follows these upstreams' transitions and samples them with every `sample()`. */
  watch(sources: readonly HistorySource[]): void {
    for (const source of sources) {
      this.sources.push(source);
      this.unsubscribers.push(
        source.onEvent((event) => {
          if (event.type === 'transition') this.record(source, event.transition.to);
        }),
      );
    }
  }

  /** Takes one sample of every watched upstream now. */
  sample(): void {
    for (const source of this.sources) this.record(source, source.snapshot().state);
  }

  /** Every watched upstream's samples of the last `spanMs`, oldest first. */
  list(): UpstreamSamples[] {
    const since = this.clock() - this.spanMs;
    return this.sources.map(({ name }) => ({
      name,
      samples: (this.rings.get(name)?.toArray() ?? [])
        .filter((kept) => kept.at >= since)
        .map((kept) => ({ ...kept, at: new Date(kept.at).toISOString() })),
    }));
  }

  /** Stops following the transitions. */
  close(): void {
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.unsubscribers = [];
  }

  private record(source: HistorySource, state: BreakerState): void {
    let ring = this.rings.get(source.name);
    if (!ring) {
      ring = new SampleRing<Kept>(2 * Math.ceil(this.spanMs / this.periodMs));
      this.rings.set(source.name, ring);
    }
    const window = source.windowSnapshot();
    ring.push({
      at: this.clock(),
      state,
      errorPercent: finite(window.errorPercent, 100),
      p99Ms: finite(window.p99Ms),
      ratePerSec: finite(window.ratePerSec),
    });
  }
}
