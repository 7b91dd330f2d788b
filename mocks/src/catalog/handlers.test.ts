import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer } from '../node';
import { catalogHandlers, createCatalogHandlers } from './handlers';

const BASE = 'http://bff.test/api/catalog';
const server = createMockServer('normal');

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface ProductsBody {
  items: Array<{ slug: string; name: string; priceCents: number; category: string; featured: boolean }>;
  total: number;
  page: number;
  pageSize: number;
  meta: { requestId: string; degraded: unknown };
}

async function getJson<T>(path: string): Promise<{ status: number; headers: Headers; body: T }> {
  const response = await fetch(`${BASE}${path}`);
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

describe('catalog handlers, normal', () => {
  it('pages the products sorted by name by default', async () => {
    const { status, body } = await getJson<ProductsBody>('/products');
    expect(status).toBe(200);
    expect(body.total).toBe(24);
    expect(body.page).toBe(1);
    expect(body.pageSize).toBe(12);
    expect(body.items).toHaveLength(12);
    const names = body.items.map((item) => item.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(body.meta.degraded).toBeNull();
    expect(body.meta.requestId).toMatch(/^mock-/);
  });

  it('filters by text and category, sorts by price and pages', async () => {
    const search = await getJson<ProductsBody>('/products?q=LAMP');
    expect(search.body.items.map((item) => item.slug)).toEqual(['desk-lamp']);
    const byDescription = await getJson<ProductsBody>('/products?q=walnut');
    expect(byDescription.body.items.map((item) => item.slug)).toEqual(['chef-knife']);

    const audio = await getJson<ProductsBody>('/products?category=audio&sort=price-desc');
    expect(audio.body.total).toBe(4);
    const prices = audio.body.items.map((item) => item.priceCents);
    expect(prices).toEqual([...prices].sort((a, b) => b - a));

    const second = await getJson<ProductsBody>('/products?page=2&pageSize=10');
    expect(second.body.items).toHaveLength(10);
    const third = await getJson<ProductsBody>('/products?page=3&pageSize=10');
    expect(third.body.items).toHaveLength(4);

    const featured = await getJson<ProductsBody>('/products?featured=true');
    expect(featured.body.total).toBeGreaterThan(0);
    expect(featured.body.items.every((item) => item.featured)).toBe(true);
  });

  it('falls back to defaults on bad query values', async () => {
    const { status, body } = await getJson<ProductsBody>('/products?page=-4&pageSize=500&sort=bogus');
    expect(status).toBe(200);
    expect(body.page).toBe(1);
    expect(body.pageSize).toBe(48);
    expect(body.items).toHaveLength(24);
  });

  it('finds a product by id or slug and answers 404 with a code otherwise', async () => {
    const bySlug = await getJson<{ product: { id: number } }>('/products/yoga-mat');
    expect(bySlug.status).toBe(200);
    expect(bySlug.body.product.id).toBe(21);
    const byId = await getJson<{ product: { slug: string } }>('/products/21');
    expect(byId.body.product.slug).toBe('yoga-mat');

    const missing = await getJson<{ error: { code: string; message: string } }>('/products/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('PRODUCT_NOT_FOUND');
    const malformed = await getJson<{ error: { code: string } }>('/products/Not%20a%20slug');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('INVALID_REQUEST');
  });

  it('lists categories with counts', async () => {
    const { body } = await getJson<{ items: Array<{ slug: string; productCount: number }> }>('/categories');
    expect(body.items.length).toBeGreaterThanOrEqual(6);
    expect(body.items.reduce((sum, item) => sum + item.productCount, 0)).toBe(24);
  });
});

describe('catalog handlers, degraded and unavailable', () => {
  it('marks saved answers with the header and meta.degraded', async () => {
    server.use(...catalogHandlers.degraded);
    const { status, headers, body } = await getJson<ProductsBody>('/products?category=office');
    expect(status).toBe(200);
    expect(headers.get('Storefront-Degraded')).toBe('catalog; reason=circuit-open');
    expect(body.total).toBe(4);
    expect(body.meta.degraded).toMatchObject({
      service: 'catalog',
      reason: 'circuit-open',
      retryAfterMs: 5000,
    });
  });

  it('answers 503 with Retry-After and the contract body', async () => {
    server.use(...catalogHandlers.unavailable);
    const { status, headers, body } = await getJson<unknown>('/categories');
    expect(status).toBe(503);
    expect(headers.get('Retry-After')).toBe('5');
    expect(body).toEqual({
      error: {
        code: 'UPSTREAM_UNAVAILABLE',
        message: 'catalog is unavailable',
        service: 'catalog',
        breaker: 'open',
        retryAfterMs: 4200,
      },
      meta: { requestId: expect.stringMatching(/^mock-/) },
    });
  });

  it('answers once and then falls through when asked to', async () => {
    server.use(...createCatalogHandlers('unavailable', { retryAfterMs: 50, once: true }));
    expect((await fetch(`${BASE}/products`)).status).toBe(503);
    expect((await fetch(`${BASE}/products`)).status).toBe(200);
  });
});
