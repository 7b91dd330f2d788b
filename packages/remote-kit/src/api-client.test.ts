import { EARLY_DATA_GLOBAL } from '@storefront/contract/browser';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, DEFAULT_RETRY_AFTER_MS, integerOrNull, stringOr, stringOrNull } from './api-client';

const PATH = '/api/test/value';
const parseValue = (body: Record<string, unknown>) => (typeof body.value === 'number' ? body.value : null);
const { fetchApi, sendApi } = createApiClient({ service: 'catalog', label: 'The catalog' });

// No default handlers: every test says what the BFF answers, and anything else fails the test.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('trace context', () => {
  it('starts a new W3C trace for every read and every write', async () => {
    const seen: (string | null)[] = [];
    server.use(
      http.all(`*${PATH}`, ({ request }) => {
        seen.push(request.headers.get('traceparent'));
        return HttpResponse.json({ value: 1 });
      }),
    );
    await fetchApi(PATH, parseValue);
    await fetchApi(PATH, parseValue);
    await sendApi({ method: 'POST', path: PATH, idempotencyKey: 'k-1', body: {} }, parseValue);
    expect(seen).toHaveLength(3);
    for (const value of seen) expect(value).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const traceIds = seen.map((value) => value?.split('-')[1]);
    expect(new Set(traceIds).size).toBe(3);
  });
});

describe('fetchApi', () => {
  it('reads a live answer and a degraded one from meta.degraded', async () => {
    server.use(http.get(`*${PATH}`, () => HttpResponse.json({ value: 1, meta: { degraded: null } })));
    expect(await fetchApi(PATH, parseValue)).toEqual({ status: 'live', data: 1 });

    server.use(
      http.get(`*${PATH}`, () =>
        HttpResponse.json({
          value: 2,
          meta: { degraded: { service: 'cart', reason: 'circuit-open', savedAt: 0, retryAfterMs: 4200 } },
        }),
      ),
    );
    expect(await fetchApi(PATH, parseValue)).toEqual({
      status: 'degraded',
      data: 2,
      degraded: {
        service: 'cart',
        reason: 'circuit-open',
        savedAt: '1970-01-01T00:00:00.000Z',
        retryAfterMs: 4200,
      },
    });
  });

  it('reads a degraded answer from the header alone, and names its own service when the body does not', async () => {
    server.use(
      http.get(`*${PATH}`, () =>
        HttpResponse.json({ value: 1 }, { headers: { 'Storefront-Degraded': 'account; reason=timeout' } }),
      ),
    );
    expect(await fetchApi(PATH, parseValue)).toEqual({
      status: 'degraded',
      data: 1,
      degraded: { service: 'account', reason: 'timeout', savedAt: null, retryAfterMs: null },
    });

    server.use(http.get(`*${PATH}`, () => HttpResponse.json({ value: 1, meta: { degraded: {} } })));
    expect(await fetchApi(PATH, parseValue)).toMatchObject({
      status: 'degraded',
      degraded: { service: 'catalog', reason: 'unknown' },
    });

    // Off the contract (no such reason): still a saved copy, but its time and delay are not trusted.
    server.use(
      http.get(`*${PATH}`, () =>
        HttpResponse.json({
          value: 1,
          meta: { degraded: { service: 'cart', reason: 'sunspots', savedAt: 0, retryAfterMs: 10 } },
        }),
      ),
    );
    expect(await fetchApi(PATH, parseValue)).toEqual({
      status: 'degraded',
      data: 1,
      degraded: { service: 'cart', reason: 'unknown', savedAt: null, retryAfterMs: null },
    });
  });

  it('takes the delay of a 503 from the body, then Retry-After, else the default', async () => {
    server.use(
      http.get(`*${PATH}`, () =>
        HttpResponse.json(
          { error: { code: 'UPSTREAM_UNAVAILABLE', message: 'catalog is unavailable', retryAfterMs: 4200 } },
          { status: 503, headers: { 'Retry-After': '5' } },
        ),
      ),
    );
    expect(await fetchApi(PATH, parseValue)).toEqual({
      status: 'unavailable',
      retryAfterMs: 4200,
      message: 'catalog is unavailable',
    });

    server.use(
      http.get(`*${PATH}`, () => new HttpResponse('busy', { status: 503, headers: { 'Retry-After': '2' } })),
    );
    expect(await fetchApi(PATH, parseValue)).toEqual({
      status: 'unavailable',
      retryAfterMs: 2000,
      message: 'The catalog is temporarily unavailable.',
    });

    server.use(http.get(`*${PATH}`, () => new HttpResponse(null, { status: 502 })));
    expect(await fetchApi(PATH, parseValue)).toMatchObject({
      status: 'unavailable',
      retryAfterMs: DEFAULT_RETRY_AFTER_MS,
    });
  });

  it('treats no connection as unavailable and odd bodies or 4xx as errors', async () => {
    server.use(http.get(`*${PATH}`, () => HttpResponse.error()));
    expect(await fetchApi(PATH, parseValue)).toEqual({
      status: 'unavailable',
      retryAfterMs: DEFAULT_RETRY_AFTER_MS,
      message: 'The catalog could not be reached.',
    });

    server.use(http.get(`*${PATH}`, () => HttpResponse.json({ nothing: true })));
    expect(await fetchApi(PATH, parseValue)).toMatchObject({ status: 'error', httpStatus: 200 });

    server.use(http.get(`*${PATH}`, () => new HttpResponse('not json', { status: 200 })));
    expect(await fetchApi(PATH, () => true)).toMatchObject({ status: 'error', httpStatus: 200 });

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

    // A code the contract does not list is passed on as sent (it equals none a remote compares against).
    server.use(
      http.get(`*${PATH}`, () =>
        HttpResponse.json({ error: { code: 'TEAPOT', message: 'short and stout' } }, { status: 418 }),
      ),
    );
    expect(await fetchApi(PATH, parseValue)).toEqual({
      status: 'error',
      message: 'short and stout',
      code: 'TEAPOT',
      httpStatus: 418,
    });
  });

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

  it('sends a body-less POST as JSON all the same (the BFF refuses other writes), and a GET without a type', async () => {
    const types: (string | null)[] = [];
    server.use(
      http.post(`*${PATH}`, ({ request }) => {
        types.push(request.headers.get('content-type'));
        return new HttpResponse(null, { status: 204 });
      }),
      http.get(`*${PATH}`, ({ request }) => {
        types.push(request.headers.get('content-type'));
        return HttpResponse.json({ value: 1 });
      }),
    );
    await fetchApi(PATH, () => true, { method: 'POST' });
    await fetchApi(PATH, parseValue);
    expect(types).toEqual(['application/json', null]);
  });

  it('rejects when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(fetchApi(PATH, parseValue, { signal: controller.signal })).rejects.toThrow();
  });

  it('words messages with the generic label by default', async () => {
    server.use(http.get(`*${PATH}`, () => HttpResponse.error()));
    const generic = createApiClient({ service: 'cart' });
    expect(await generic.fetchApi(PATH, parseValue)).toMatchObject({
      message: 'The server could not be reached.',
    });
  });
});

describe('fetchApi and the early data the shell started (decision 017)', () => {
  const early = (answer: Promise<Response>) => {
    answer.catch(() => {});
    let left: Promise<Response> | undefined = answer;
    const data = {
      started: 1,
      taken: 0,
      take: (path: string) => {
        if (path !== PATH || !left) return undefined;
        const taken = left;
        left = undefined;
        data.taken += 1;
        return taken;
      },
    };
    (globalThis as Record<string, unknown>)[EARLY_DATA_GLOBAL] = data;
  };
  afterEach(() => {
    delete (globalThis as Record<string, unknown>)[EARLY_DATA_GLOBAL];
  });

  it('takes the early answer for its first identical GET instead of asking, then asks again', async () => {
    let asked = 0;
    server.use(
      http.get(`*${PATH}`, () => {
        asked += 1;
        return HttpResponse.json({ value: 2 });
      }),
    );
    early(Promise.resolve(Response.json({ value: 1 })));
    expect(await fetchApi(PATH, parseValue)).toEqual({ status: 'live', data: 1 });
    expect(asked).toBe(0);
    expect(await fetchApi(PATH, parseValue)).toEqual({ status: 'live', data: 2 });
    expect(asked).toBe(1);
  });

  it('never for a write, nor another path', async () => {
    server.use(http.all(`*${PATH}*`, () => HttpResponse.json({ value: 3 })));
    early(Promise.resolve(Response.json({ value: 1 })));
    expect(await fetchApi(PATH, parseValue, { method: 'POST', json: {} })).toEqual({
      status: 'live',
      data: 3,
    });
    expect(await fetchApi(`${PATH}?other=1`, parseValue)).toEqual({ status: 'live', data: 3 });
  });

  it('reads an early failure like its own: no connection is unavailable', async () => {
    early(Promise.reject(new TypeError('Failed to fetch')));
    expect(await fetchApi(PATH, parseValue)).toMatchObject({ status: 'unavailable' });
  });

  it('rejects when aborted while the early answer was on its way', async () => {
    let arrive: (response: Response) => void = () => {};
    early(
      new Promise<Response>((resolve) => {
        arrive = resolve;
      }),
    );
    const controller = new AbortController();
    const result = fetchApi(PATH, parseValue, { signal: controller.signal });
    controller.abort();
    arrive(Response.json({ value: 1 }));
    await expect(result).rejects.toThrow();
  });
});

describe('sendApi', () => {
  it('sends the key and JSON body, and parses a 2xx', async () => {
    let seen: { key: string | null; type: string | null; body: unknown } | null = null;
    server.use(
      http.post(`*${PATH}`, async ({ request }) => {
        seen = {
          key: request.headers.get('Idempotency-Key'),
          type: request.headers.get('Content-Type'),
          body: await request.json(),
        };
        return HttpResponse.json({ value: 7 }, { status: 201 });
      }),
    );
    const result = await sendApi(
      { method: 'POST', path: PATH, body: { a: 1 }, idempotencyKey: 'k-1' },
      parseValue,
    );
    expect(result).toEqual({ ok: true, data: 7 });
    expect(seen).toEqual({ key: 'k-1', type: 'application/json', body: { a: 1 } });
  });

  it('marks no answer, 5xx and IN_USE as retryable and a stored 4xx or odd 2xx as final', async () => {
    const send = () => sendApi({ method: 'DELETE', path: PATH, idempotencyKey: 'k' }, parseValue);
    server.use(http.delete(`*${PATH}`, () => HttpResponse.error()));
    expect(await send()).toMatchObject({ ok: false, kind: 'network', retryable: true });

    server.use(
      http.delete(`*${PATH}`, () =>
        HttpResponse.json(
          { error: { code: 'UPSTREAM_UNAVAILABLE', message: 'x', retryAfterMs: 1200 } },
          { status: 503 },
        ),
      ),
    );
    expect(await send()).toMatchObject({
      ok: false,
      kind: 'unavailable',
      retryable: true,
      retryAfterMs: 1200,
    });

    server.use(http.delete(`*${PATH}`, () => new HttpResponse(null, { status: 500 })));
    expect(await send()).toMatchObject({
      ok: false,
      kind: 'unavailable',
      retryable: true,
      retryAfterMs: DEFAULT_RETRY_AFTER_MS,
    });

    server.use(
      http.delete(`*${PATH}`, () =>
        HttpResponse.json({ error: { code: 'IDEMPOTENCY_KEY_IN_USE', message: 'busy' } }, { status: 409 }),
      ),
    );
    expect(await send()).toMatchObject({ ok: false, kind: 'rejected', retryable: true });

    server.use(
      http.delete(`*${PATH}`, () =>
        HttpResponse.json({ error: { code: 'CART_EMPTY', message: 'empty', lines: [] } }, { status: 409 }),
      ),
    );
    expect(await send()).toEqual({
      ok: false,
      kind: 'rejected',
      httpStatus: 409,
      code: 'CART_EMPTY',
      message: 'empty',
      retryable: false,
      retryAfterMs: null,
      error: { code: 'CART_EMPTY', message: 'empty', lines: [] },
    });

    server.use(http.delete(`*${PATH}`, () => HttpResponse.json({ nothing: true })));
    expect(await send()).toMatchObject({ ok: false, kind: 'rejected', retryable: false, httpStatus: 200 });
    expect(DEFAULT_RETRY_AFTER_MS).toBeGreaterThanOrEqual(1000);
  });
});

describe('field readers', () => {
  it('take a value of the right kind and fall back otherwise', () => {
    expect([stringOrNull('a'), stringOrNull(''), stringOrNull(1)]).toEqual(['a', null, null]);
    expect([stringOr('a'), stringOr(''), stringOr(null), stringOr(1, 'USD')]).toEqual(['a', '', '', 'USD']);
    expect([integerOrNull(12), integerOrNull(1.5), integerOrNull('12'), integerOrNull(Number.NaN)]).toEqual([
      12,
      null,
      null,
      null,
    ]);
  });
});
