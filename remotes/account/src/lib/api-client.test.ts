import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../testing/server';
import { fetchApi } from './api-client';

const PATH = '/api/account/test';
const parseValue = (body: Record<string, unknown>) => (typeof body.value === 'number' ? body.value : null);

describe('fetchApi', () => {
  it('sends JSON writes with the method and body, and reads 204 as an empty body', async () => {
    let seen: { method: string; type: string | null; body: unknown } | null = null;
    server.use(
      http.put(`*${PATH}`, async ({ request }) => {
        seen = {
          method: request.method,
          type: request.headers.get('content-type'),
          body: await request.json(),
        };
        return new HttpResponse(null, { status: 204 });
      }),
    );
    expect(await fetchApi(PATH, () => true, { method: 'PUT', json: { a: 1 } })).toEqual({
      status: 'live',
      data: true,
    });
    expect(seen).toEqual({ method: 'PUT', type: 'application/json', body: { a: 1 } });
  });

  it('reads degraded answers, 503s and coded errors', async () => {
    server.use(
      http.get(`*${PATH}`, () =>
        HttpResponse.json({ value: 1 }, { headers: { 'Storefront-Degraded': 'account; reason=timeout' } }),
      ),
    );
    expect(await fetchApi(PATH, parseValue)).toMatchObject({
      status: 'degraded',
      degraded: { service: 'account', reason: 'timeout' },
    });

    server.use(
      http.get(`*${PATH}`, () => new HttpResponse('busy', { status: 503, headers: { 'Retry-After': '2' } })),
    );
    expect(await fetchApi(PATH, parseValue)).toMatchObject({ status: 'unavailable', retryAfterMs: 2000 });

    server.use(http.get(`*${PATH}`, () => HttpResponse.error()));
    expect(await fetchApi(PATH, parseValue)).toMatchObject({ status: 'unavailable' });

    server.use(
      http.get(`*${PATH}`, () =>
        HttpResponse.json({ error: { code: 'AUTH_REQUIRED', message: 'sign in' } }, { status: 401 }),
      ),
    );
    expect(await fetchApi(PATH, parseValue)).toEqual({
      status: 'error',
      message: 'sign in',
      code: 'AUTH_REQUIRED',
      httpStatus: 401,
    });
  });
});
