// Recent traces in memory, bounded three ways (trace count, spans per trace, spans in all, and age), so that a
// busy stack or a misbehaving exporter can only make the store forget sooner, never grow.
import type { TraceSpan, TraceSummary } from '@storefront/contract';

/** Bounds of a {@link TraceStore}. */
export interface TraceStoreLimits {
  /** Traces kept; the least recently updated one goes first (`TRACE_STORE_MAX_TRACES`, default 2,000). */
  maxTraces: number;
  /** Spans kept per trace; later ones are refused (default 1,000). */
  maxSpansPerTrace: number;
  /** Spans kept in all traces together; whole traces are dropped, oldest first (default 100,000). */
  maxSpans: number;
  /** A trace with no new span for this long is dropped (`TRACE_STORE_MAX_AGE_MS`, default 30 min). */
  maxAgeMs: number;
}

export const DEFAULT_LIMITS: Readonly<TraceStoreLimits> = Object.freeze({
  maxTraces: 2000,
  maxSpansPerTrace: 1000,
  maxSpans: 100_000,
  maxAgeMs: 30 * 60_000,
});

/** What {@link TraceStore.add} did with a batch. */
export interface AddResult {
  accepted: number;
  /** Spans refused because their trace already had `maxSpansPerTrace`. */
  refused: number;
}

/** Options of {@link TraceStore.list}. */
export interface ListOptions {
  limit: number;
  minDurationMs: number;
}

interface StoredTrace {
  traceId: string;
  /** By span id: an exporter's retry of a batch replaces, it does not double. */
  spans: Map<string, TraceSpan>;
  /** When the last span arrived (the store's clock), for the age bound. */
  updatedAt: number;
  /** Computed on demand, forgotten when a span arrives. */
  summary?: TraceSummary;
}

function endOf(span: TraceSpan): number {
  return span.startMs + span.durationMs;
}

function byStart(a: TraceSpan, b: TraceSpan): number {
  return a.startMs - b.startMs || endOf(b) - endOf(a);
}

function summarize(trace: StoredTrace): TraceSummary {
  const spans = [...trace.spans.values()].sort(byStart);
  // The root: the earliest span whose parent is not here (the browser's span is never exported, so the shell
  // host's server span has a parent id the store never sees).
  const root = spans.find((span) => !span.parentSpanId || !trace.spans.has(span.parentSpanId)) ?? spans[0];
  const first = spans[0];
  if (!root || !first) throw new Error(`trace ${trace.traceId} has no span`);
  const end = Math.max(...spans.map(endOf));
  return {
    traceId: trace.traceId,
    rootName: root.name,
    rootService: root.service,
    startedAt: new Date(first.startMs).toISOString(),
    durationMs: Math.max(0, end - first.startMs),
    spanCount: spans.length,
    services: [...new Set(spans.map((span) => span.service))],
    error: spans.some((span) => span.status === 'error'),
  };
}

/** The store; `now` is its clock (tests pass their own). */
export class TraceStore {
  readonly limits: Readonly<TraceStoreLimits>;
  // Insertion order is update order: a trace that gets a span moves to the end, so eviction takes from the front.
  private readonly traces = new Map<string, StoredTrace>();
  private spanCount = 0;

  constructor(
    limits: Partial<TraceStoreLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    for (const [name, value] of Object.entries(this.limits)) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
    }
  }

  /** Traces kept now. */
  get size(): number {
    this.prune();
    return this.traces.size;
  }

  /** Spans kept now, in all traces. */
  get spans(): number {
    this.prune();
    return this.spanCount;
  }

  /** Keeps a batch of spans (any traces, any order). */
  add(spans: readonly TraceSpan[]): AddResult {
    const result: AddResult = { accepted: 0, refused: 0 };
    const at = this.now();
    for (const span of spans) {
      let trace = this.traces.get(span.traceId);
      if (trace) this.traces.delete(span.traceId);
      else trace = { traceId: span.traceId, spans: new Map(), updatedAt: at };
      this.traces.set(span.traceId, trace);
      trace.updatedAt = at;
      const known = trace.spans.has(span.spanId);
      if (!known && trace.spans.size >= this.limits.maxSpansPerTrace) {
        result.refused += 1;
        continue;
      }
      trace.spans.set(span.spanId, span);
      trace.summary = undefined;
      if (!known) this.spanCount += 1;
      result.accepted += 1;
    }
    this.prune();
    return result;
  }

  /** Recent traces at least `minDurationMs` long, slowest first, at most `limit`. */
  list({ limit, minDurationMs }: ListOptions): TraceSummary[] {
    this.prune();
    const summaries: TraceSummary[] = [];
    for (const trace of this.traces.values()) {
      trace.summary ??= summarize(trace);
      if (trace.summary.durationMs >= minDurationMs) summaries.push(trace.summary);
    }
    return summaries
      .sort((a, b) => b.durationMs - a.durationMs || b.startedAt.localeCompare(a.startedAt))
      .slice(0, limit);
  }

  /** One trace's spans by start time (a parent before the children that start with it); undefined if unknown. */
  get(traceId: string): TraceSpan[] | undefined {
    this.prune();
    const trace = this.traces.get(traceId);
    return trace ? [...trace.spans.values()].sort(byStart) : undefined;
  }

  private drop(trace: StoredTrace): void {
    this.traces.delete(trace.traceId);
    this.spanCount -= trace.spans.size;
  }

  private prune(): void {
    const oldest = this.now() - this.limits.maxAgeMs;
    for (const trace of this.traces.values()) {
      const over =
        trace.updatedAt <= oldest ||
        this.traces.size > this.limits.maxTraces ||
        this.spanCount > this.limits.maxSpans;
      if (!over) break;
      this.drop(trace);
    }
  }
}
