import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  EARLY_DATA_GLOBAL,
  EARLY_DATA_MAX_AGE_MS,
  EARLY_DATA_MAX_CALLS,
  startEarlyData,
  takeEarlyResponse,
} from './early-data.js';

describe('startEarlyData / takeEarlyResponse', () => {
  const fetchMock = vi.fn<typeof fetch>();

  beforeEach(() => {
    fetchMock.mockReset();
    fetchMock.mockImplementation(async () => new Response('{}'));
    vi.stubGlobal('fetch', fetchMock);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    delete (globalThis as Record<string, unknown>)[EARLY_DATA_GLOBAL];
    vi.useRealTimers();
  });

  it('starts each API path, as a remote would ask (JSON, same-origin credentials)', () => {
    startEarlyData(['/api/a', 'https://x.test/api/b', '//x.test/api/b', '/ops', '/api/c']);
    expect(fetchMock.mock.calls.map(([path]) => path)).toEqual(['/api/a', '/api/c']);
    const init = fetchMock.mock.calls[0]?.[1];
    expect(init?.credentials).toBe('same-origin');
    expect(init?.headers).toEqual({ Accept: 'application/json' });
  });

  it(`starts at most ${EARLY_DATA_MAX_CALLS}`, () => {
    startEarlyData(Array.from({ length: 20 }, (_, i) => `/api/${i}`));
    expect(fetchMock).toHaveBeenCalledTimes(EARLY_DATA_MAX_CALLS);
  });

  it('gives each answer once, to the same path only', async () => {
    startEarlyData(['/api/a']);
    expect(takeEarlyResponse('/api/b')).toBeUndefined();
    const taken = takeEarlyResponse('/api/a');
    expect(await taken).toBeInstanceOf(Response);
    expect(takeEarlyResponse('/api/a')).toBeUndefined();
    // Another global of that name (not the shell's): nothing taken, nothing thrown.
    (globalThis as Record<string, unknown>)[EARLY_DATA_GLOBAL] = { calls: [] };
    expect(takeEarlyResponse('/api/a')).toBeUndefined();
  });

  it('gives nothing once the answer is too old to be the first render’s', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    startEarlyData(['/api/a']);
    vi.setSystemTime(1_000_000 + EARLY_DATA_MAX_AGE_MS + 1);
    expect(takeEarlyResponse('/api/a')).toBeUndefined();
  });

  it('gives nothing on a page whose shell started none', () => {
    expect(takeEarlyResponse('/api/a')).toBeUndefined();
  });

  it('a call nobody takes may fail without an unhandled rejection; the taker sees the failure', async () => {
    fetchMock.mockImplementation(async () => {
      throw new TypeError('Failed to fetch');
    });
    startEarlyData(['/api/a', '/api/b']);
    await expect(takeEarlyResponse('/api/a')).rejects.toThrow('Failed to fetch');
  });
});
