import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../testing/server';
import type { ApiResult } from '../types/api';
import { DEFAULT_RETRY_AFTER_MS, fetchApi } from './api-client';
import { MAX_RETRY_DELAY_MS, MIN_RETRY_DELAY_MS, retryDelayFor } from './use-api-resource';

const PATH = '/api/catalog/test';
const parseValue = (body: Record<string, unknown>) => (typeof body.value === 'number' ? body.value : null);

describe('fetchApi', () => {
  it('reads a degraded answer from the header alone when the body has no meta', async () => {
    server.use(
      http.get(`*${PATH}`, () =>
        HttpResponse.json({ value: 1 }, { headers: { 'Storefront-Degraded': 'catalog; reason=timeout' } }),
      ),
    );
    expect(await fetchApi(PATH, parseValue)).toEqual({
      status: 'degraded',
      data: 1,
      degraded: { service: 'catalog', reason: 'timeout', savedAt: null, retryAfterMs: null },
    });
  });

  it('takes the delay of a bare 503 from Retry-After, else the default', async () => {
    server.use(
      http.get(`*${PATH}`, () => new HttpResponse('busy', { status: 503, headers: { 'Retry-After': '2' } })),
    );
    expect(await fetchApi(PATH, parseValue)).toMatchObject({ status: 'unavailable', retryAfterMs: 2000 });

    server.use(http.get(`*${PATH}`, () => new HttpResponse(null, { status: 502 })));
    expect(await fetchApi(PATH, parseValue)).toMatchObject({
      status: 'unavailable',
      retryAfterMs: DEFAULT_RETRY_AFTER_MS,
    });
  });

  it('treats no connection as unavailable and odd bodies or 4xx as errors', async () => {
    server.use(http.get(`*${PATH}`, () => HttpResponse.error()));
    expect(await fetchApi(PATH, parseValue)).toMatchObject({ status: 'unavailable' });

    server.use(http.get(`*${PATH}`, () => HttpResponse.json({ nothing: true })));
    expect(await fetchApi(PATH, parseValue)).toMatchObject({ status: 'error', httpStatus: 200 });

    server.use(
      http.get(`*${PATH}`, () =>
        HttpResponse.json({ error: { code: 'BAD_QUERY', message: 'sort is invalid' } }, { status: 400 }),
      ),
    );
    expect(await fetchApi(PATH, parseValue)).toEqual({
      status: 'error',
      message: 'sort is invalid',
      code: 'BAD_QUERY',
      httpStatus: 400,
    });
  });

  it('rejects when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(fetchApi('/api/catalog/products', parseValue, controller.signal)).rejects.toThrow();
  });
});

describe('retryDelayFor', () => {
  const unavailable = (retryAfterMs: number): ApiResult<never> => ({
    status: 'unavailable',
    retryAfterMs,
    message: '',
  });

  it('retries degraded and unavailable answers within bounds, never live ones', () => {
    expect(retryDelayFor({ status: 'live', data: 1 })).toBeNull();
    expect(retryDelayFor(unavailable(4200))).toBe(4200);
    expect(retryDelayFor(unavailable(0))).toBe(MIN_RETRY_DELAY_MS);
    expect(retryDelayFor(unavailable(600_000))).toBe(MAX_RETRY_DELAY_MS);
    expect(
      retryDelayFor({
        status: 'degraded',
        data: 1,
        degraded: { service: 'catalog', reason: 'timeout', savedAt: null, retryAfterMs: null },
      }),
    ).toBe(DEFAULT_RETRY_AFTER_MS);
  });
});
