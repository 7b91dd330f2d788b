import { useCallback, useEffect, useState } from 'react';
import { DEFAULT_RETRY_AFTER_MS } from './api-client';
import type { ApiResult } from './types';

/** Bounds of the automatic retry delay: never hammer the BFF, never wait longer than this. */
export const MIN_RETRY_DELAY_MS = 250;
export const MAX_RETRY_DELAY_MS = 30_000;

/** Loads one resource; must reject only when `signal` aborts. */
export type Loader<T> = (signal: AbortSignal) => Promise<ApiResult<T>>;

/** A resource's latest result (or `loading` before the first one) plus controls. */
export type ApiResource<T> = (ApiResult<T> | { status: 'loading' }) & {
  /** A request is in flight (first load, automatic retry or `refetch`). */
  isFetching: boolean;
  /** When the automatic retry fires (epoch ms), for degraded and unavailable results. */
  nextRetryAt: number | null;
  /** Loads again now, cancelling any scheduled retry. */
  refetch: () => void;
};

interface Settled<T> {
  load: Loader<T>;
  attempt: number;
  result: ApiResult<T>;
  nextRetryAt: number | null;
}

/** The delay before trying again by ourselves, or null when the result is final. */
export function retryDelayFor(result: ApiResult<unknown>): number | null {
  let delay: number | null;
  if (result.status === 'degraded') delay = result.degraded.retryAfterMs;
  else if (result.status === 'unavailable') delay = result.retryAfterMs;
  else return null;
  if (delay === null || !Number.isFinite(delay) || delay < 0) delay = DEFAULT_RETRY_AFTER_MS;
  return Math.min(Math.max(delay, MIN_RETRY_DELAY_MS), MAX_RETRY_DELAY_MS);
}

/**
 * Runs `load` whenever it changes (memoise it on its parameters), aborting the previous request, and again
 * after `retryAfterMs` while the answer is degraded or unavailable so the view goes live without a reload.
 */
export function useApiResource<T>(load: Loader<T>): ApiResource<T> {
  const [attempt, setAttempt] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = (result: ApiResult<T>) => {
      if (controller.signal.aborted) return;
      const delay = retryDelayFor(result);
      setSettled({ load, attempt, result, nextRetryAt: delay === null ? null : Date.now() + delay });
      if (delay !== null) timer = setTimeout(() => setAttempt((count) => count + 1), delay);
    };
    load(controller.signal).then(settle, (error: unknown) =>
      settle({
        status: 'error',
        message: error instanceof Error ? error.message : 'Unexpected error',
        code: null,
        httpStatus: null,
      }),
    );
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [load, attempt]);

  const refetch = useCallback(() => setAttempt((count) => count + 1), []);
  // A result for other parameters is stale: show loading rather than the wrong data.
  const current = settled && settled.load === load ? settled : null;
  const isFetching = current === null || current.attempt !== attempt;
  const controls = { isFetching, nextRetryAt: current?.nextRetryAt ?? null, refetch };
  return current ? { ...current.result, ...controls } : { status: 'loading', ...controls };
}
