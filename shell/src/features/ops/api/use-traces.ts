import type { TraceSpan, TraceSummary } from '@storefront/contract/browser';
import { useEffect, useState } from 'react';
import { FaultApiError, getTrace, listTraces, messageOf } from './faults-api';
import { usePoll } from './use-poll';

/** How often the recent traces are asked for: slower than the processes, a trace list changes less urgently. */
export const TRACES_POLL_MS = 5000;
/** Traces one poll asks for. */
export const TRACES_LIMIT = 50;

/** What the "Recent requests" panel shows. */
export interface RecentTracesView {
  /** The last list received, slowest first; kept while polls fail. */
  traces: TraceSummary[] | null;
  /** 503 TRACE_STORE_UNAVAILABLE: no local trace store runs with this stack (TRACE_STORE_URL). */
  unavailable: boolean;
  /** Why the last poll failed, null when it worked. */
  error: string | null;
}

const INITIAL_LIST: RecentTracesView = { traces: null, unavailable: false, error: null };

function isTraceList(answer: unknown): answer is { traces: TraceSummary[] } {
  const traces = (answer as { traces?: unknown } | null)?.traces;
  return (
    Array.isArray(traces) &&
    traces.every(
      (trace: Partial<TraceSummary> | null) =>
        typeof trace?.traceId === 'string' && typeof trace.durationMs === 'number',
    )
  );
}

const slowestFirst = (traces: TraceSummary[]) => [...traces].sort((a, b) => b.durationMs - a.durationMs);

/**
 * Polls `GET /api/ops/traces` every `pollMs` while mounted (backing off on errors). Only the latest poll's answer
 * counts: an older one, or one arriving after unmount, is dropped and schedules nothing.
 */
export function useRecentTraces(pollMs = TRACES_POLL_MS): RecentTracesView {
  const [view, setView] = useState<RecentTracesView>(INITIAL_LIST);
  usePoll(
    {
      read: async () => {
        const answer = await listTraces(new URLSearchParams({ limit: String(TRACES_LIMIT) }));
        if (!isTraceList(answer)) throw new Error('The BFF did not answer a list of traces');
        return answer.traces;
      },
      answered: (traces) => setView({ traces: slowestFirst(traces), unavailable: false, error: null }),
      failed: (error) => {
        const unavailable = error instanceof FaultApiError && error.code === 'TRACE_STORE_UNAVAILABLE';
        setView((previous) =>
          unavailable
            ? { ...INITIAL_LIST, unavailable: true }
            : { ...previous, unavailable: false, error: messageOf(error) },
        );
      },
    },
    pollMs,
  );
  return view;
}

/** One trace for the waterfall. */
export interface TraceView {
  status: 'loading' | 'loaded' | 'not-found' | 'failed';
  trace: { traceId: string; spans: TraceSpan[] } | null;
  error: string | null;
}

function isTrace(answer: unknown): answer is { trace: { traceId: string; spans: TraceSpan[] } } {
  const trace = (answer as { trace?: { traceId?: unknown; spans?: unknown } } | null)?.trace;
  return typeof trace?.traceId === 'string' && Array.isArray(trace.spans);
}

/**
 * `GET /api/ops/traces/:traceId` once per trace id, and again when `version` changes (the list's span count for
 * it: spans of other processes arrive a moment later). The trace shown stays while the next read runs.
 */
export function useTrace(traceId: string | null, version = 0): TraceView {
  const [view, setView] = useState<TraceView>({ status: 'loading', trace: null, error: null });

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new `version` must read the trace again.
  useEffect(() => {
    if (traceId === null) return;
    let disposed = false;
    setView((previous) =>
      previous.trace?.traceId === traceId ? previous : { status: 'loading', trace: null, error: null },
    );
    const read = async () => {
      try {
        const answer = await getTrace(traceId);
        if (disposed) return;
        if (!isTrace(answer)) throw new Error('The BFF did not answer a trace');
        setView({ status: 'loaded', trace: answer.trace, error: null });
      } catch (error) {
        if (disposed) return;
        const notFound = error instanceof FaultApiError && error.code === 'TRACE_NOT_FOUND';
        setView({ status: notFound ? 'not-found' : 'failed', trace: null, error: messageOf(error) });
      }
    };
    void read();
    return () => {
      disposed = true;
    };
  }, [traceId, version]);

  return view;
}
