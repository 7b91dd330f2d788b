import { ApiError } from '@storefront/service-kit';
import { describe, expect, it } from 'vitest';
import { serviceProduct } from '../test-support/fake-catalog.js';
import { stubUpstream } from '../test-support/stub-upstream.js';
import { CatalogClient, toBrowserProduct } from './catalog-client.js';

const page = { items: [serviceProduct(1, 'desk-lamp')], total: 1, page: 2, pageSize: 6 };

/** What a call rejected with, as an ApiError. */
async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('toBrowserProduct', () => {
  it('keeps the public fields and turns image into imageUrl', () => {
    expect(toBrowserProduct(serviceProduct(2, 'floor-lamp'))).toEqual({
      id: 2,
      slug: 'floor-lamp',
      name: 'Product 2',
      description: 'About product 2',
      priceCents: 1002,
      currency: 'EUR',
      category: 'lamps',
      categoryName: 'Lamps',
      imageUrl: '/api/catalog/images/floor-lamp.svg',
      stock: 5,
      featured: true,
    });
    expect(
      toBrowserProduct({ ...serviceProduct(1, 'x'), image: 'https://elsewhere/x.svg' }).imageUrl,
    ).toBeNull();
  });

  it.each([
    ['a missing field', { ...serviceProduct(1, 'x'), stock: undefined }],
    ['a text id', { ...serviceProduct(1, 'x'), id: '1' }],
    ['a fractional price', { ...serviceProduct(1, 'x'), priceCents: 10.5 }],
    ['not an object', ['x']],
  ])('refuses %s with 502 UPSTREAM_INVALID_RESPONSE', (_what, raw) => {
    expect(() => toBrowserProduct(raw)).toThrow(
      expect.objectContaining({ statusCode: 502, code: 'UPSTREAM_INVALID_RESPONSE' }),
    );
  });
});

describe('CatalogClient', () => {
  it('asks for a page with only known parameters, q trimmed, and maps it', async () => {
    const { upstream, calls } = stubUpstream('catalog', () => ({ status: 200, json: page }));
    const answer = await new CatalogClient(upstream).listProducts(
      { q: '  lamp ', sort: 'price-asc', page: 2, pageSize: 6 },
      'r-1',
    );
    expect(calls[0]?.url).toBe('http://service.test/products?page=2&pageSize=6&q=lamp&sort=price-asc');
    expect(calls[0]?.headers['x-request-id']).toBe('r-1');
    expect(answer).toEqual({
      value: { items: [toBrowserProduct(page.items[0])], total: 1, page: 2, pageSize: 6 },
      degraded: null,
    });
  });

  it('passes a 4xx on with its code and fields, and refuses a body of the wrong shape', async () => {
    const notFound = { error: { code: 'PRODUCT_NOT_FOUND', message: 'No product "x"', idOrSlug: 'x' } };
    const missing = stubUpstream('catalog', () => ({ status: 404, json: notFound }));
    const error = await rejection(new CatalogClient(missing.upstream).getProduct('x', 'r'));
    expect(error.toBody('r')).toEqual({ ...notFound, meta: { requestId: 'r' } });
    expect(error.statusCode).toBe(404);

    const odd = stubUpstream('catalog', () => ({ status: 400, text: 'nope', type: 'text/plain' }));
    expect((await rejection(new CatalogClient(odd.upstream).listCategories('r'))).code).toBe(
      'UPSTREAM_CLIENT_ERROR',
    );

    const garbage = stubUpstream('catalog', () => ({ status: 200, json: { items: 'all of them' } }));
    const invalid = await rejection(new CatalogClient(garbage.upstream).listCategories('r'));
    expect([invalid.statusCode, invalid.code]).toEqual([502, 'UPSTREAM_INVALID_RESPONSE']);
  });

  it('reads a price live: never from a saved copy, a 404 as not found', async () => {
    const { upstream } = stubUpstream('catalog', (call) =>
      call.url.endsWith('/products/1')
        ? { status: 200, json: { product: serviceProduct(1, 'desk-lamp') } }
        : { status: 404, json: { error: { code: 'PRODUCT_NOT_FOUND', message: 'none' } } },
    );
    const catalog = new CatalogClient(upstream);
    expect(await catalog.pricedProduct(1, 'r')).toEqual({
      found: true,
      product: {
        id: 1,
        name: 'Product 1',
        slug: 'desk-lamp',
        image: '/images/desk-lamp.svg',
        priceCents: 1001,
        currency: 'EUR',
        stock: 5,
      },
    });
    const missing = await catalog.pricedProduct(2, 'r');
    expect(missing.found ? null : missing.error.code).toBe('PRODUCT_NOT_FOUND');
  });

  it('reads a reservation answer: reserved, short lines, or a 4xx to pass on', async () => {
    const short = [{ productId: 1, requested: 3, available: 1 }];
    const answers = [
      { status: 201, json: { reservation: {} } },
      { status: 409, json: { error: { code: 'INSUFFICIENT_STOCK', message: 'short', lines: short } } },
      { status: 400, json: { error: { code: 'INVALID_REQUEST', message: 'bad', field: 'lines' } } },
    ];
    const { upstream, calls } = stubUpstream('catalog', () => answers.shift() ?? { status: 500, json: {} });
    const catalog = new CatalogClient(upstream);
    const lines = [{ productId: 1, quantity: 3 }];
    expect(await catalog.reserveStock('c-1', lines, 'r')).toEqual({ kind: 'reserved' });
    expect(calls[0]).toMatchObject({ method: 'POST', body: { reservationId: 'c-1', lines } });
    expect(await catalog.reserveStock('c-1', lines, 'r')).toEqual({ kind: 'insufficient', lines: short });
    const rejected = await catalog.reserveStock('c-1', lines, 'r');
    expect(rejected.kind === 'rejected' ? rejected.error.code : null).toBe('INVALID_REQUEST');
  });
});
