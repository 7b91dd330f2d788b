import { describe, expect, it } from 'vitest';
import { CART_TRACE, spanOf } from '../test/fake-trace-store';
import { formatSpanMs, layoutWaterfall } from './waterfall-layout';

const span = (spanId: string, startMs: number, durationMs: number, parentSpanId?: string) =>
  spanOf(CART_TRACE, { spanId, name: spanId, service: 'bff-1', startMs, durationMs, parentSpanId });

const shape = (spans: ReturnType<typeof span>[]) =>
  layoutWaterfall(spans).rows.map((row) => [row.span.spanId, row.depth, row.offsetPct, row.widthPct]);

describe('the waterfall layout', () => {
  it('orders parent before child and siblings by start, whatever order the spans came in', () => {
    const spans = [
      span('c2', 60, 20, 'r'),
      span('g1', 20, 10, 'c1'),
      span('r', 0, 100),
      span('c1', 10, 40, 'r'),
    ];
    expect(shape(spans)).toEqual([
      ['r', 0, 0, 100],
      ['c1', 1, 10, 40],
      ['g1', 2, 20, 10],
      ['c2', 1, 60, 20],
    ]);
  });

  it('shows a span whose parent is not in the trace (the browser’s own span) as a root', () => {
    expect(shape([span('a', 100, 50, 'ffffffffffffffff'), span('b', 110, 10, 'a')])).toEqual([
      ['a', 0, 0, 100],
      ['b', 1, 20, 20],
    ]);
  });

  it('places every span once, even in a loop of parents or with a duplicate', () => {
    const rows = layoutWaterfall([span('x', 0, 10, 'y'), span('y', 0, 10, 'x'), span('x', 0, 10, 'y')]).rows;
    expect(rows.map((row) => row.span.spanId)).toEqual(['x', 'y']);
  });

  it('places events on their span’s bar, and a zero-length trace fills the width', () => {
    const withEvent = { ...span('r', 1000, 40), events: [{ name: 'retry', atMs: 1010, attributes: {} }] };
    const [row] = layoutWaterfall([withEvent]).rows;
    expect(row?.events.map(({ atPct, offsetMs }) => [atPct, offsetMs])).toEqual([[25, 10]]);
    expect(shape([span('z', 5, 0)])).toEqual([['z', 0, 0, 100]]);
    expect(layoutWaterfall([])).toEqual({ totalMs: 0, rows: [] });
  });

  it('formats durations in ms below a second, in s above', () => {
    expect([0.25, 42.46, 999.9, 1234, -1].map(formatSpanMs)).toEqual([
      '0.3 ms',
      '42.5 ms',
      '999.9 ms',
      '1.23 s',
      '–',
    ]);
  });
});
