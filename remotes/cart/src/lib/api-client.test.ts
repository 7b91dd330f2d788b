import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../testing/server';
import { DEFAULT_RETRY_AFTER_MS, fetchApi, sendApi } from './api-client';
import { IdempotencyKeys } from './idempotency';

const PATH = '/api/cart/test';
const parseValue = (body: Record<string, unknown>) => (typeof body.value === 'number' ? body.value : null);

describe('fetchApi', () => {
  it('reads a degraded answer from the header alone and a bare 503 from Retry-After', async () => {
    server.use(
      http.get(`*${PATH}`, () =>
        HttpResponse.json({ value: 1 }, { headers: { 'Storefront-Degraded': 'cart; reason=timeout' } }),
      ),
    );
    expect(await fetchApi(PATH, parseValue)).toEqual({
      status: 'degraded',
      data: 1,
      degraded: { service: 'cart', reason: 'timeout', savedAt: null, retryAfterMs: null },
    });
    server.use(
      http.get(`*${PATH}`, () => new HttpResponse('busy', { status: 503, headers: { 'Retry-After': '2' } })),
    );
    expect(await fetchApi(PATH, parseValue)).toMatchObject({ status: 'unavailable', retryAfterMs: 2000 });
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

  it('marks no answer, 5xx and IN_USE as retryable and a stored 4xx as final', async () => {
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

    server.use(
      http.delete(`*${PATH}`, () =>
        HttpResponse.json({ error: { code: 'IDEMPOTENCY_KEY_IN_USE', message: 'busy' } }, { status: 409 }),
      ),
    );
    expect(await send()).toMatchObject({ ok: false, kind: 'rejected', retryable: true });

    server.use(
      http.delete(`*${PATH}`, () =>
        HttpResponse.json({ error: { code: 'CART_EMPTY', message: 'empty' } }, { status: 409 }),
      ),
    );
    expect(await send()).toMatchObject({
      ok: false,
      kind: 'rejected',
      code: 'CART_EMPTY',
      message: 'empty',
      retryable: false,
      retryAfterMs: null,
    });
    expect(DEFAULT_RETRY_AFTER_MS).toBeGreaterThanOrEqual(1000);
  });
});

describe('IdempotencyKeys', () => {
  it('keeps an action key until a final answer, then starts a new one', () => {
    const keys = new IdempotencyKeys();
    const first = keys.keyFor('checkout');
    keys.settle('checkout', true);
    expect(keys.keyFor('checkout')).toBe(first);
    expect(keys.keyFor('line:1')).not.toBe(first);
    keys.settle('checkout', false);
    expect(keys.keyFor('checkout')).not.toBe(first);
  });
});
