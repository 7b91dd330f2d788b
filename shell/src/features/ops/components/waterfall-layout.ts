import type { TraceSpan, TraceSpanEvent } from '@storefront/contract/browser';

/** A span event placed on its span's bar. */
export interface PlacedEvent {
  event: TraceSpanEvent;
  /** Position on the span's own bar, 0–100 (%). */
  atPct: number;
  /** Milliseconds from the span's start. */
  offsetMs: number;
}

/** One row of the waterfall. */
export interface WaterfallRow {
  span: TraceSpan;
  /** 0 for a root; a child is one deeper than its parent. */
  depth: number;
  /** Start of the bar from the trace's start, 0–100 (% of the whole trace). */
  offsetPct: number;
  /** Length of the bar, 0–100 (% of the whole trace). */
  widthPct: number;
  /** Milliseconds from the trace's start. */
  offsetMs: number;
  events: PlacedEvent[];
}

export interface Waterfall {
  /** First span start to last span end. */
  totalMs: number;
  rows: WaterfallRow[];
}

const clampPct = (value: number) => Math.min(100, Math.max(0, value));

/**
 * Lays a trace's spans out parent → child, depth first, siblings by start time. A span whose parent is not in the
 * trace (the browser's own span is never exported, nor a span still in another process's batch) is a root, so
 * every span gets a row exactly once whatever arrived.
 */
export function layoutWaterfall(spans: readonly TraceSpan[]): Waterfall {
  if (spans.length === 0) return { totalMs: 0, rows: [] };
  const start = Math.min(...spans.map((span) => span.startMs));
  const end = Math.max(...spans.map((span) => span.startMs + span.durationMs));
  const totalMs = end - start;
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string | undefined, TraceSpan[]>();
  for (const span of spans) {
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  for (const list of children.values()) list.sort((a, b) => a.startMs - b.startMs);

  const rows: WaterfallRow[] = [];
  const placed = new Set<string>();
  const place = (span: TraceSpan, depth: number) => {
    // A span listed twice, or a parent loop in a broken trace, must not recurse forever.
    if (placed.has(span.spanId)) return;
    placed.add(span.spanId);
    const offsetMs = span.startMs - start;
    rows.push({
      span,
      depth,
      offsetMs,
      offsetPct: totalMs > 0 ? clampPct((offsetMs / totalMs) * 100) : 0,
      widthPct: totalMs > 0 ? clampPct((span.durationMs / totalMs) * 100) : 100,
      events: span.events.map((event) => ({
        event,
        offsetMs: event.atMs - span.startMs,
        atPct: span.durationMs > 0 ? clampPct(((event.atMs - span.startMs) / span.durationMs) * 100) : 0,
      })),
    });
    for (const child of children.get(span.spanId) ?? []) place(child, depth + 1);
  };
  for (const root of children.get(undefined) ?? []) place(root, 0);
  // Spans only reachable through a loop (each one's parent is another of them): shown as roots, not lost.
  for (const span of spans) place(span, 0);
  return { totalMs, rows };
}

/** "42.5 ms", "1.24 s": a span's or a trace's duration. */
export function formatSpanMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms * 10) / 10} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}
