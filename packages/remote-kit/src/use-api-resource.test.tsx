import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_AFTER_MS } from './api-client';
import type { ApiResult } from './types';
import {
  type Loader,
  MAX_RETRY_DELAY_MS,
  MIN_RETRY_DELAY_MS,
  retryDelayFor,
  useApiResource,
} from './use-api-resource';

afterEach(cleanup);

/** A loader that answers the given results in turn (the last one again once they run out). */
function scripted<T>(...results: ApiResult<T>[]): Loader<T> & { calls: number } {
  const loader = Object.assign(
    async (_signal: AbortSignal) => {
      const result = results[Math.min(loader.calls, results.length - 1)];
      loader.calls += 1;
      if (!result) throw new Error('no scripted result');
      return result;
    },
    { calls: 0 },
  );
  return loader;
}

describe('retryDelayFor', () => {
  const unavailable = (retryAfterMs: number): ApiResult<never> => ({
    status: 'unavailable',
    retryAfterMs,
    message: '',
  });

  it('retries degraded and unavailable answers within bounds, never live ones or errors', () => {
    expect(retryDelayFor({ status: 'live', data: 1 })).toBeNull();
    expect(retryDelayFor({ status: 'error', message: '', code: null, httpStatus: 400 })).toBeNull();
    expect(retryDelayFor(unavailable(4200))).toBe(4200);
    expect(retryDelayFor(unavailable(0))).toBe(MIN_RETRY_DELAY_MS);
    expect(retryDelayFor(unavailable(600_000))).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayFor(unavailable(Number.NaN))).toBe(DEFAULT_RETRY_AFTER_MS);
    expect(
      retryDelayFor({
        status: 'degraded',
        data: 1,
        degraded: { service: 'catalog', reason: 'timeout', savedAt: null, retryAfterMs: null },
      }),
    ).toBe(DEFAULT_RETRY_AFTER_MS);
  });
});

describe('useApiResource', () => {
  it('starts loading, then shows the result without scheduling a retry for a live answer', async () => {
    const load = scripted<number>({ status: 'live', data: 1 });
    const { result } = renderHook(() => useApiResource(load));
    expect(result.current).toMatchObject({ status: 'loading', isFetching: true, nextRetryAt: null });
    await waitFor(() => expect(result.current).toMatchObject({ status: 'live', data: 1, isFetching: false }));
    expect(result.current.nextRetryAt).toBeNull();
    expect(load.calls).toBe(1);
  });

  it('tries again by itself after retryAfterMs until the answer is live', async () => {
    // retryAfterMs 0 is raised to the minimum delay, so the retry comes quickly.
    const load = scripted<number>(
      { status: 'unavailable', retryAfterMs: 0, message: 'down' },
      { status: 'live', data: 2 },
    );
    const { result } = renderHook(() => useApiResource(load));
    await waitFor(() => expect(result.current.status).toBe('unavailable'));
    expect(result.current.nextRetryAt).toEqual(expect.any(Number));
    await waitFor(() => expect(result.current).toMatchObject({ status: 'live', data: 2, nextRetryAt: null }));
    expect(load.calls).toBe(2);
  });

  it('turns an unexpected rejection into an error and loads again on refetch', async () => {
    const load = scripted<number>();
    const { result } = renderHook(() => useApiResource(load));
    await waitFor(() =>
      expect(result.current).toMatchObject({ status: 'error', message: 'no scripted result' }),
    );
    act(() => result.current.refetch());
    expect(result.current.isFetching).toBe(true);
    await waitFor(() => expect(result.current.isFetching).toBe(false));
    expect(load.calls).toBe(2);
  });

  it('shows loading rather than the previous parameters’ data when the loader changes', async () => {
    const first = scripted<string>({ status: 'live', data: 'first' });
    const second = scripted<string>({ status: 'live', data: 'second' });
    const { result, rerender } = renderHook(({ load }) => useApiResource(load), {
      initialProps: { load: first },
    });
    await waitFor(() => expect(result.current).toMatchObject({ status: 'live', data: 'first' }));
    rerender({ load: second });
    expect(result.current.status).toBe('loading');
    await waitFor(() => expect(result.current).toMatchObject({ status: 'live', data: 'second' }));
  });
});
