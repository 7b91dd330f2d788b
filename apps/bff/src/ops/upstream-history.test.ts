import { type BreakerState, OpsHistoryAnswer, problemsOf, type UpstreamWindow } from '@storefront/contract';
import { describe, expect, it } from 'vitest';
import type { UpstreamEvent } from '../upstream/types.js';
import { type HistorySource, SampleRing, UpstreamHistory } from './upstream-history.js';

/** One upstream whose state and window the test sets, and a clock the test moves. */
function setup(options: { periodMs?: number; spanMs?: number } = {}) {
  let now = Date.parse('2026-11-30T12:00:00.000Z');
  let state: BreakerState = 'closed';
  let window: UpstreamWindow = {
    seconds: 30,
    requests: 10,
    ratePerSec: 2,
    errorPercent: 0,
    p50Ms: 3,
    p95Ms: 8,
    p99Ms: 12,
  };
  const listeners = new Set<(event: UpstreamEvent) => void>();
  const source: HistorySource = {
    name: 'catalog',
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    windowSnapshot: () => window,
    snapshot: () => ({ state }),
  };
  const history = new UpstreamHistory({ ...options, clock: () => now });
  history.watch([source]);
  return {
    history,
    listeners,
    advance(ms: number) {
      now += ms;
    },
    set(patch: Partial<UpstreamWindow>) {
      window = { ...window, ...patch };
    },
    transition(from: BreakerState, to: BreakerState) {
      state = to;
      const transition = { from, to, at: new Date(now).toISOString(), reason: 'because' };
      for (const listener of listeners) listener({ type: 'transition', transition });
    },
  };
}

function samplesOf(history: UpstreamHistory) {
  return history.list().find((upstream) => upstream.name === 'catalog')?.samples ?? [];
}

describe('sample ring', () => {
  it('keeps the newest items, oldest first, and never more than its capacity', () => {
    const ring = new SampleRing<number>(3);
    expect(ring.toArray()).toEqual([]);
    ring.push(1);
    ring.push(2);
    expect(ring.toArray()).toEqual([1, 2]);
    for (const value of [3, 4, 5]) ring.push(value);
    expect(ring.size).toBe(3);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(() => new SampleRing(0)).toThrow(RangeError);
  });
});

describe('upstream history', () => {
  it('samples state, error %, p99 and rate of the window at each call, with the clock’s time', () => {
    const { history, advance, set } = setup();
    history.sample();
    advance(5000);
    set({ errorPercent: 50, p99Ms: 240, ratePerSec: 6 });
    history.sample();
    expect(samplesOf(history)).toEqual([
      { at: '2026-11-30T12:00:00.000Z', state: 'closed', errorPercent: 0, p99Ms: 12, ratePerSec: 2 },
      { at: '2026-11-30T12:00:05.000Z', state: 'closed', errorPercent: 50, p99Ms: 240, ratePerSec: 6 },
    ]);
  });

  it('adds a sample at each transition, so an open shorter than a period still shows', () => {
    const { history, advance, transition } = setup();
    history.sample();
    advance(1000);
    transition('closed', 'open');
    advance(2000);
    transition('open', 'half-open');
    advance(500);
    transition('half-open', 'closed');
    expect(samplesOf(history).map(({ state }) => state)).toEqual(['closed', 'open', 'half-open', 'closed']);
  });

  it('forgets samples older than the span and bounds each upstream’s ring', () => {
    const { history, advance, transition } = setup({ periodMs: 1000, spanMs: 10_000 });
    for (let second = 0; second < 30; second += 1) {
      history.sample();
      advance(1000);
    }
    // 30 samples taken, one a second: only those of the last 10 s remain.
    const samples = samplesOf(history);
    expect(samples).toHaveLength(10);
    expect(samples[0]?.at).toBe('2026-11-30T12:00:20.000Z');
    // A storm of transitions within one period stays within the ring (2 × span / period).
    for (let flap = 0; flap < 100; flap += 1) transition('closed', 'open');
    expect(samplesOf(history).length).toBeLessThanOrEqual(20);
  });

  it('answers what the contract says, even from an empty window reporting NaN', () => {
    const { history, set } = setup();
    set({ errorPercent: Number.NaN, p99Ms: Number.POSITIVE_INFINITY, ratePerSec: 0 });
    history.sample();
    const answer = {
      replica: 'bff-1',
      periodMs: history.periodMs,
      spanMs: history.spanMs,
      upstreams: history.list(),
      meta: { requestId: 'r' },
    };
    expect(problemsOf(OpsHistoryAnswer, answer)).toEqual([]);
    expect(samplesOf(history)[0]).toMatchObject({ errorPercent: 0, p99Ms: 0 });
  });

  it('stops following transitions when closed', () => {
    const { history, listeners } = setup();
    expect(listeners.size).toBe(1);
    history.close();
    expect(listeners.size).toBe(0);
  });
});
