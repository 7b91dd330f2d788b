// Availability as the lecture computes it (docs/observability.md, "Availability"), per replica over a sliding
// window: each upstream's live answers ÷ calls asked of it, their naive product for a page needing all of them,
// and the shopper's page reads that rendered with live or saved data.
import type { Availability, PageReads } from '@storefront/contract';
import type { CallKind, UpstreamEvent } from '../upstream/types.js';
import { WindowedCounts } from './windowed-counts.js';

/** The upstreams a shopper's page needs together: the factors of the naive product P₁·P₂·P₃. */
export const PAGE_UPSTREAMS: readonly string[] = ['catalog', 'cart', 'account'];

/** The window the console shows (5 minutes). */
export const AVAILABILITY_WINDOW_SECONDS = 300;

/**
 * The calls asked of an upstream. `fallback` is left out (it follows a failure already counted), and so is a
 * fresh hit (answered from a copy without asking).
 */
type Asked = Exclude<CallKind, 'fallback'>;
const ASKED: readonly Asked[] = ['successful', 'failed', 'timeout', 'not_permitted', 'rejected'];

const PAGE_READ_OUTCOMES = ['live', 'saved', 'failed'] as const;
export type PageReadOutcome = (typeof PAGE_READ_OUTCOMES)[number];

/** What the meter needs of an upstream (the real `Upstream` has it). */
export interface AvailabilitySource {
  name: string;
  onEvent(listener: (event: UpstreamEvent) => void): () => void;
}

export interface AvailabilityMeterOptions {
  replica: string;
  upstreams: readonly AvailabilitySource[];
  seconds?: number;
  now?: () => number;
}

/** `part ÷ whole`, or null when nothing was counted. */
function shareOf(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/**
 * A page read's outcome from its answer: 2xx is live, or saved when it carries `Storefront-Degraded`; 5xx and 429
 * (the BFF could not or would not answer) failed; any other status is the shopper's own (not found, signed out)
 * and is not counted.
 */
export function pageReadOutcome(status: number, degraded: boolean): PageReadOutcome | null {
  if (status >= 200 && status < 300) return degraded ? 'saved' : 'live';
  if (status >= 500 || status === 429) return 'failed';
  return null;
}

/** This replica's counts, by upstream and for page reads. */
export class AvailabilityMeter {
  readonly seconds: number;
  private readonly replica: string;
  private readonly calls = new Map<string, WindowedCounts<Asked>>();
  private readonly reads: WindowedCounts<PageReadOutcome>;
  private readonly unsubscribers: Array<() => void> = [];

  constructor(options: AvailabilityMeterOptions) {
    this.seconds = options.seconds ?? AVAILABILITY_WINDOW_SECONDS;
    this.replica = options.replica;
    const window = { seconds: this.seconds, now: options.now };
    this.reads = new WindowedCounts(PAGE_READ_OUTCOMES, window);
    for (const upstream of options.upstreams) {
      const counts = new WindowedCounts(ASKED, window);
      this.calls.set(upstream.name, counts);
      this.unsubscribers.push(
        upstream.onEvent((event) => {
          if (event.type === 'call' && event.kind !== 'fallback') counts.add(event.kind);
        }),
      );
    }
  }

  /** Counts one answered page read. */
  recordPageRead(outcome: PageReadOutcome): void {
    this.reads.add(outcome);
  }

  /** This replica's figures over the window. */
  snapshot(): Availability {
    const upstreams = [...this.calls].map(([name, counts]) => {
      const totals = counts.totals();
      const calls = ASKED.reduce((sum, kind) => sum + totals[kind], 0);
      return { name, calls, successful: totals.successful };
    });
    const { live, saved, failed } = this.reads.totals();
    return figuresOf({
      windowSeconds: this.seconds,
      replicas: [this.replica],
      upstreams,
      pageReads: { total: live + saved + failed, live, saved },
    });
  }

  /** Stops listening to the upstreams (the app is closing). */
  close(): void {
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.unsubscribers.length = 0;
  }
}

interface Counts {
  windowSeconds: number;
  replicas: string[];
  upstreams: Array<{ name: string; calls: number; successful: number }>;
  pageReads: PageReads;
}

/** The ratios of some counts: each a share of its own counts, the naive page their product. */
function figuresOf({ windowSeconds, replicas, upstreams, pageReads }: Counts): Availability {
  const withShares = upstreams.map(({ name, calls, successful }) => ({
    name,
    calls,
    successful,
    availability: shareOf(successful, calls),
  }));
  let naivePage: number | null = 1;
  for (const name of PAGE_UPSTREAMS) {
    const factor = withShares.find((upstream) => upstream.name === name)?.availability ?? null;
    naivePage = naivePage === null || factor === null ? null : naivePage * factor;
  }
  return {
    windowSeconds,
    replicas,
    upstreams: withShares,
    pageUpstreams: [...PAGE_UPSTREAMS],
    naivePage,
    shopperSeen: shareOf(pageReads.live + pageReads.saved, pageReads.total),
    liveOnly: shareOf(pageReads.live, pageReads.total),
    pageReads,
  };
}

/**
 * Several replicas' figures as one: counts summed, then divided (an average of ratios would weigh a quiet replica
 * like a busy one). Upstreams keep the order of their first appearance; null when there is nothing to merge.
 */
export function mergeAvailability(parts: readonly Availability[]): Availability | null {
  const first = parts[0];
  if (!first) return null;
  const upstreams = new Map<string, { name: string; calls: number; successful: number }>();
  const pageReads = { total: 0, live: 0, saved: 0 };
  for (const part of parts) {
    for (const { name, calls, successful } of part.upstreams) {
      const sum = upstreams.get(name) ?? { name, calls: 0, successful: 0 };
      sum.calls += calls;
      sum.successful += successful;
      upstreams.set(name, sum);
    }
    pageReads.total += part.pageReads.total;
    pageReads.live += part.pageReads.live;
    pageReads.saved += part.pageReads.saved;
  }
  return figuresOf({
    windowSeconds: first.windowSeconds,
    replicas: parts.flatMap((part) => part.replicas),
    upstreams: [...upstreams.values()],
    pageReads,
  });
}
