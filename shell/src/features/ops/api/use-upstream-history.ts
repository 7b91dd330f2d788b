import type { HistorySample, OpsHistoryAnswer, OpsSnapshot } from '@storefront/contract/browser';
import { useEffect, useState } from 'react';

/** The BFF's samples of the last minutes, read once to seed the charts. */
export const HISTORY_URL = '/api/ops/history';
/** How far back the charts go. */
export const HISTORY_SPAN_MS = 10 * 60_000;
/** Samples kept per upstream at most: ten minutes of the stream's one snapshot a second, and some room. */
export const MAX_SAMPLES = 720;

/** Each upstream's samples, oldest first. */
export type HistoryBuffers = Readonly<Record<string, readonly HistorySample[]>>;

const EMPTY: HistoryBuffers = {};

/**
 * `samples` merged into one buffer: in time order, one sample per instant (the later one wins: a transition event
 * changes the snapshot of the same instant), nothing older than `spanMs` before the newest, at most `max`.
 */
export function mergeSamples(
  buffer: readonly HistorySample[],
  samples: readonly HistorySample[],
  max = MAX_SAMPLES,
  spanMs = HISTORY_SPAN_MS,
): HistorySample[] {
  const byTime = new Map<number, HistorySample>();
  for (const sample of [...buffer, ...samples]) {
    const at = Date.parse(sample.at);
    if (!Number.isNaN(at)) byTime.set(at, sample);
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
  const newest = times.at(-1) ?? 0;
  return times
    .filter((at) => at >= newest - spanMs)
    .slice(-max)
    .flatMap((at) => byTime.get(at) ?? []);
}

/** Appends one sample per upstream of a stream snapshot (its `at`, its state, its window's figures). */
export function appendSnapshot(buffers: HistoryBuffers, snapshot: OpsSnapshot): HistoryBuffers {
  const next: Record<string, readonly HistorySample[]> = { ...buffers };
  for (const { name, state, window } of snapshot.upstreams) {
    const sample: HistorySample = {
      at: snapshot.at,
      state,
      errorPercent: window.errorPercent,
      p99Ms: window.p99Ms,
      ratePerSec: window.ratePerSec,
    };
    next[name] = mergeSamples(buffers[name] ?? [], [sample]);
  }
  return next;
}

/**
 * The BFF's history put before what the stream already brought: only its samples older than the stream's first
 * one count, so the replica whose stream this is has the last word where both speak.
 */
export function seedHistory(buffers: HistoryBuffers, answer: OpsHistoryAnswer): HistoryBuffers {
  const next: Record<string, readonly HistorySample[]> = { ...buffers };
  for (const { name, samples } of answer.upstreams) {
    const known = buffers[name] ?? [];
    const first = known[0] ? Date.parse(known[0].at) : Number.POSITIVE_INFINITY;
    next[name] = mergeSamples(
      samples.filter((sample) => Date.parse(sample.at) < first),
      known,
    );
  }
  return next;
}

/** Whether an answer reads as the history (an older BFF without the route answers something else, or 404). */
function isHistory(answer: unknown): answer is OpsHistoryAnswer {
  const upstreams = (answer as { upstreams?: unknown } | null)?.upstreams;
  return (
    Array.isArray(upstreams) &&
    upstreams.every(
      (upstream: { name?: unknown; samples?: unknown } | null) =>
        typeof upstream?.name === 'string' && Array.isArray(upstream.samples),
    )
  );
}

async function readHistory(): Promise<OpsHistoryAnswer | null> {
  try {
    const response = await fetch(HISTORY_URL, { headers: { accept: 'application/json' } });
    if (!response.ok) return null;
    const answer: unknown = await response.json();
    return isHistory(answer) ? answer : null;
  } catch {
    // No history is no error: the charts fill from the stream.
    return null;
  }
}

/**
 * Each upstream's samples of the last ten minutes: seeded once from `GET /api/ops/history` (so a reload does not
 * start empty), then one per stream snapshot. Bounded by {@link MAX_SAMPLES} and {@link HISTORY_SPAN_MS}.
 */
export function useUpstreamHistory(snapshot: OpsSnapshot | null): HistoryBuffers {
  const [buffers, setBuffers] = useState<HistoryBuffers>(EMPTY);

  useEffect(() => {
    let disposed = false;
    void readHistory().then((answer) => {
      if (!disposed && answer) setBuffers((current) => seedHistory(current, answer));
    });
    return () => {
      disposed = true;
    };
  }, []);

  useEffect(() => {
    if (snapshot) setBuffers((current) => appendSnapshot(current, snapshot));
  }, [snapshot]);

  return buffers;
}
