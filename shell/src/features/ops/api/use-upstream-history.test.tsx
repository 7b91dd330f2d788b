import type { HistorySample, OpsHistoryAnswer, OpsSnapshot } from '@storefront/contract/browser';
import { renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { snapshotOf, upstreamOf } from '../test/fake-event-source';
import {
  appendSnapshot,
  HISTORY_SPAN_MS,
  MAX_SAMPLES,
  mergeSamples,
  seedHistory,
  useUpstreamHistory,
} from './use-upstream-history';

const START = Date.parse('2026-11-30T12:00:00.000Z');
const iso = (secondsAfter: number) => new Date(START + secondsAfter * 1000).toISOString();

function sample(secondsAfter: number, patch: Partial<HistorySample> = {}): HistorySample {
  return { at: iso(secondsAfter), state: 'closed', errorPercent: 0, p99Ms: 10, ratePerSec: 1, ...patch };
}

function snapshotAt(secondsAfter: number, catalog: Parameters<typeof upstreamOf>[1] = {}): OpsSnapshot {
  return snapshotOf({ at: iso(secondsAfter), upstreams: [upstreamOf('catalog', catalog)] });
}

function answerOf(samples: HistorySample[]): OpsHistoryAnswer {
  return {
    replica: 'bff-1',
    periodMs: 5000,
    spanMs: 600_000,
    upstreams: [{ name: 'catalog', samples }],
    meta: { requestId: 't' },
  };
}

afterEach(() => vi.restoreAllMocks());

describe('history buffer', () => {
  it('keeps samples in time order, one per instant (the later wins)', () => {
    const merged = mergeSamples([sample(2), sample(0)], [sample(1), sample(2, { state: 'open' })]);
    expect(merged.map(({ at, state }) => [at, state])).toEqual([
      [iso(0), 'closed'],
      [iso(1), 'closed'],
      [iso(2), 'open'],
    ]);
  });

  it('is bounded: nothing older than ten minutes before the newest, and at most MAX_SAMPLES', () => {
    let buffer: HistorySample[] = [];
    // Fifteen minutes of one sample a second.
    for (let second = 0; second < 900; second += 1) buffer = mergeSamples(buffer, [sample(second)]);
    expect(buffer).toHaveLength(Math.min(MAX_SAMPLES, HISTORY_SPAN_MS / 1000 + 1));
    expect(buffer.at(-1)?.at).toBe(iso(899));
    expect(Date.parse(buffer[0]?.at ?? '')).toBeGreaterThanOrEqual(START + 899_000 - HISTORY_SPAN_MS);

    const tight = mergeSamples([], [sample(0), sample(1), sample(2), sample(3)], 2);
    expect(tight.map(({ at }) => at)).toEqual([iso(2), iso(3)]);
  });

  it('appends a snapshot’s state and window figures per upstream', () => {
    const buffers = appendSnapshot(
      {},
      snapshotAt(5, {
        state: 'open',
        window: { seconds: 30, requests: 9, ratePerSec: 3, errorPercent: 50, p50Ms: 1, p95Ms: 2, p99Ms: 240 },
      }),
    );
    expect(buffers.catalog).toEqual([
      sample(5, { state: 'open', errorPercent: 50, p99Ms: 240, ratePerSec: 3 }),
    ]);
  });

  it('puts the seed before what the stream brought, never over it', () => {
    const streamed = appendSnapshot({}, snapshotAt(10, { state: 'open' }));
    const seeded = seedHistory(
      streamed,
      answerOf([sample(0), sample(5, { state: 'half-open' }), sample(10), sample(15)]),
    );
    expect(seeded.catalog?.map(({ at, state }) => [at, state])).toEqual([
      [iso(0), 'closed'],
      [iso(5), 'half-open'],
      [iso(10), 'open'],
    ]);
  });
});

describe('useUpstreamHistory', () => {
  it('seeds from GET /api/ops/history, then appends each snapshot', async () => {
    const fetchMock = vi
      .spyOn(globalThis, 'fetch')
      .mockResolvedValue(Response.json(answerOf([sample(0), sample(5, { state: 'open' })])));
    const { result, rerender } = renderHook(({ snapshot }) => useUpstreamHistory(snapshot), {
      initialProps: { snapshot: null as OpsSnapshot | null },
    });
    await waitFor(() => expect(result.current.catalog).toHaveLength(2));
    expect(String(fetchMock.mock.calls[0]?.[0])).toBe('/api/ops/history');

    rerender({ snapshot: snapshotAt(10) });
    rerender({ snapshot: snapshotAt(11, { state: 'open' }) });
    expect(result.current.catalog?.map(({ state }) => state)).toEqual(['closed', 'open', 'closed', 'open']);
  });

  it('starts from the stream alone when the BFF has no history to give', async () => {
    const fetchMock = vi
      .spyOn(globalThis, 'fetch')
      .mockResolvedValue(Response.json({ error: { code: 'NOT_FOUND', message: 'no' } }, { status: 404 }));
    const { result, rerender } = renderHook(({ snapshot }) => useUpstreamHistory(snapshot), {
      initialProps: { snapshot: snapshotAt(0) as OpsSnapshot | null },
    });
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    rerender({ snapshot: snapshotAt(1) });
    expect(result.current.catalog).toHaveLength(2);
  });
});
