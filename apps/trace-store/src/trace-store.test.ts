import type { TraceSpan } from '@storefront/contract';
import { describe, expect, it } from 'vitest';
import { TraceStore } from './trace-store.js';

const T1 = '1'.repeat(32);
const T2 = '2'.repeat(32);
const T3 = '3'.repeat(32);

function span(traceId: string, spanId: string, over: Partial<TraceSpan> = {}): TraceSpan {
  return {
    traceId,
    spanId: spanId.padStart(16, '0'),
    name: `span ${spanId}`,
    service: 'bff-1',
    kind: 'internal',
    startMs: 1_000,
    durationMs: 10,
    status: 'unset',
    attributes: {},
    events: [],
    ...over,
  };
}

function clock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const ALL = { limit: 200, minDurationMs: 0 };

describe('TraceStore', () => {
  it('summarises a trace: root, services, duration from first start to last end, error', () => {
    const store = new TraceStore();
    store.add([
      // The shell host's server span: its parent is the browser's span, never exported.
      span(T1, 'a', {
        parentSpanId: 'f'.repeat(16),
        name: 'GET /api/cart',
        service: 'shell-host',
        startMs: 1_000,
        durationMs: 50,
      }),
      span(T1, 'b', { parentSpanId: '000000000000000a', service: 'bff-1', startMs: 1_005, durationMs: 40 }),
      span(T1, 'c', {
        parentSpanId: '000000000000000b',
        service: 'cart-service',
        startMs: 1_010,
        durationMs: 60,
        status: 'error',
      }),
    ]);
    expect(store.list(ALL)).toEqual([
      {
        traceId: T1,
        rootName: 'GET /api/cart',
        rootService: 'shell-host',
        startedAt: new Date(1_000).toISOString(),
        durationMs: 70,
        spanCount: 3,
        services: ['shell-host', 'bff-1', 'cart-service'],
        error: true,
      },
    ]);
  });

  it('lists slowest first, filtered by minimum duration and cut at limit', () => {
    const store = new TraceStore();
    store.add([
      span(T1, 'a', { durationMs: 5 }),
      span(T2, 'a', { durationMs: 500 }),
      span(T3, 'a', { durationMs: 50 }),
    ]);
    expect(store.list(ALL).map((t) => t.traceId)).toEqual([T2, T3, T1]);
    expect(store.list({ limit: 200, minDurationMs: 50 }).map((t) => t.traceId)).toEqual([T2, T3]);
    expect(store.list({ limit: 1, minDurationMs: 0 }).map((t) => t.traceId)).toEqual([T2]);
  });

  it('answers spans by start time, a parent before the child that starts with it, and nothing for unknown ids', () => {
    const store = new TraceStore();
    store.add([
      span(T1, 'c', { startMs: 1_010, durationMs: 1 }),
      span(T1, 'b', { startMs: 1_000, durationMs: 5 }),
      span(T1, 'a', { startMs: 1_000, durationMs: 20 }),
    ]);
    expect(store.get(T1)?.map((s) => s.spanId.slice(-1))).toEqual(['a', 'b', 'c']);
    expect(store.get(T2)).toBeUndefined();
  });

  it('keeps one copy of a span sent twice (an exporter retry)', () => {
    const store = new TraceStore();
    store.add([span(T1, 'a'), span(T1, 'b')]);
    store.add([span(T1, 'a', { durationMs: 99 })]);
    expect(store.get(T1)).toHaveLength(2);
    expect(store.spans).toBe(2);
    expect(store.list(ALL)[0]?.durationMs).toBe(99);
  });

  it('keeps at most maxTraces, evicting the least recently updated first', () => {
    const store = new TraceStore({ maxTraces: 2 });
    store.add([span(T1, 'a')]);
    store.add([span(T2, 'a')]);
    store.add([span(T1, 'b')]); // T1 is now the most recent
    store.add([span(T3, 'a')]);
    expect(store.size).toBe(2);
    expect(store.get(T2)).toBeUndefined();
    expect(store.get(T1)).toHaveLength(2);
    expect(store.spans).toBe(3);
  });

  it('refuses spans beyond maxSpansPerTrace and counts them', () => {
    const store = new TraceStore({ maxSpansPerTrace: 3 });
    const result = store.add(['a', 'b', 'c', 'd', 'e'].map((id) => span(T1, id)));
    expect(result).toEqual({ accepted: 3, refused: 2 });
    expect(store.get(T1)).toHaveLength(3);
    // A known span may still be replaced.
    expect(store.add([span(T1, 'a')])).toEqual({ accepted: 1, refused: 0 });
  });

  it('drops whole traces, oldest first, when all spans together exceed maxSpans', () => {
    const store = new TraceStore({ maxSpans: 4 });
    store.add([span(T1, 'a'), span(T1, 'b')]);
    store.add([span(T2, 'a'), span(T2, 'b')]);
    store.add([span(T3, 'a')]);
    expect(store.get(T1)).toBeUndefined();
    expect(store.size).toBe(2);
    expect(store.spans).toBe(3);
  });

  it('drops traces with no new span for maxAgeMs', () => {
    const time = clock(1_000_000);
    const store = new TraceStore({ maxAgeMs: 60_000 }, time.now);
    store.add([span(T1, 'a')]);
    time.advance(30_000);
    store.add([span(T2, 'a')]);
    time.advance(30_000);
    expect(store.list(ALL).map((t) => t.traceId)).toEqual([T2]);
    expect(store.get(T1)).toBeUndefined();
    time.advance(30_000);
    expect(store.size).toBe(0);
    expect(store.spans).toBe(0);
  });

  it('refuses limits that are not positive integers', () => {
    expect(() => new TraceStore({ maxTraces: 0 })).toThrow(/maxTraces/);
    expect(() => new TraceStore({ maxAgeMs: 1.5 })).toThrow(/maxAgeMs/);
  });
});
