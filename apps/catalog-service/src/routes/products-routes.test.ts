import { json } from '@storefront/service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fold } from '../db/catalog-db.js';
import { seedProducts } from '../db/seed-data.js';
import type { Product } from '../db/types.js';
import { startCatalog } from '../testing/catalog-app.js';

interface PageBody {
  items: Product[];
  total: number;
  page: number;
  pageSize: number;
}

interface ErrorBody {
  error: { code: string; message: string; param?: string };
}

let app: FastifyInstance;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ app, close } = await startCatalog());
});

afterAll(async () => {
  await close();
});

async function list(query: string): Promise<PageBody> {
  const response = await app.inject({ method: 'GET', url: `/products${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return json<PageBody>(response);
}

async function listError(query: string): Promise<{ status: number; body: ErrorBody }> {
  const response = await app.inject({ method: 'GET', url: `/products${query}` });
  return { status: response.statusCode, body: json<ErrorBody>(response) };
}

// The service orders names by their folded form (lower case, no accents) in code-point order.
function byFoldedName(a: string, b: string): number {
  const [x, y] = [fold(a), fold(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

describe('GET /products', () => {
  it('returns the first 12 products by name with the total of all matches', async () => {
    const body = await list('');
    expect(body.total).toBe(seedProducts.length);
    expect(body.page).toBe(1);
    expect(body.pageSize).toBe(12);
    expect(body.items).toHaveLength(12);
    const names = body.items.map((p) => p.name);
    expect(names).toEqual([...names].sort(byFoldedName));
  });

  it('returns products with exactly the documented fields', async () => {
    const body = await list('?q=skillet');
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toEqual({
      id: expect.any(Number),
      slug: 'cast-iron-skillet-26',
      name: 'Cast Iron Skillet 26 cm',
      description: expect.any(String),
      priceCents: 3490,
      currency: 'EUR',
      category: 'kitchen',
      categoryName: 'Kitchen & Dining',
      image: '/images/cast-iron-skillet-26.svg',
      stock: 42,
      featured: true,
      createdAt: '2024-02-14T09:30:00.000Z',
    });
  });

  it('searches name and description case-insensitively, trimming the query', async () => {
    const byName = await list('?q=%20%20HEADPHONES%20');
    expect(byName.items.map((p) => p.slug)).toEqual(['wireless-over-ear-headphones']);

    // "sourdough" only appears in a description.
    const byDescription = await list('?q=SourDough');
    expect(byDescription.items.map((p) => p.slug)).toEqual(['slow-bread']);

    // Beyond ASCII: "CAFÉ" and "cafe" both find "Café Pour-Over Kettle".
    expect((await list('?q=CAF%C3%89')).items.map((p) => p.slug)).toContain('cafe-pour-over-kettle');
    expect((await list('?q=cafe')).items.map((p) => p.slug)).toContain('cafe-pour-over-kettle');
  });

  it('treats LIKE wildcards in the search text literally', async () => {
    expect((await list('?q=%25')).total).toBe(0);
    expect((await list('?q=_')).total).toBe(0);
  });

  it('ignores an empty or blank search', async () => {
    expect((await list('?q=')).total).toBe(seedProducts.length);
    expect((await list('?q=%20%20')).total).toBe(seedProducts.length);
  });

  it('filters by category and combines it with the search', async () => {
    const audio = await list('?category=audio&pageSize=48');
    expect(audio.total).toBe(seedProducts.filter((p) => p.category === 'audio').length);
    expect(audio.items.every((p) => p.category === 'audio' && p.categoryName === 'Audio')).toBe(true);

    const audioSpeakers = await list('?category=audio&q=speaker');
    expect(audioSpeakers.items.map((p) => p.slug).sort()).toEqual([
      'bookshelf-speakers',
      'portable-bluetooth-speaker',
      'turntable-with-preamp',
    ]);
  });

  it('filters featured and non-featured products', async () => {
    const featured = await list('?featured=true&pageSize=48');
    const expectedFeatured = seedProducts.filter((p) => p.featured).length;
    expect(featured.total).toBe(expectedFeatured);
    expect(featured.items.every((p) => p.featured)).toBe(true);

    const notFeatured = await list('?featured=false&pageSize=48');
    expect(notFeatured.total).toBe(seedProducts.length - expectedFeatured);
    expect(notFeatured.items.some((p) => p.featured)).toBe(false);
  });

  it('sorts by name descending', async () => {
    const names = (await list('?sort=name-desc&pageSize=48')).items.map((p) => p.name);
    expect(names).toEqual([...names].sort((a, b) => byFoldedName(b, a)));
  });

  it('sorts by price in both directions', async () => {
    const asc = (await list('?sort=price-asc&pageSize=48')).items.map((p) => p.priceCents);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    const desc = (await list('?sort=price-desc&pageSize=48')).items.map((p) => p.priceCents);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    expect(asc[0]).toBe(Math.min(...seedProducts.map((p) => p.priceCents)));
  });

  it('sorts newest first', async () => {
    const dates = (await list('?sort=newest&pageSize=48')).items.map((p) => p.createdAt);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('pages through every product exactly once', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 5; page += 1) {
      const body = await list(`?page=${page}&pageSize=10&sort=price-asc`);
      expect(body.total).toBe(seedProducts.length);
      expect(body.page).toBe(page);
      expect(body.pageSize).toBe(10);
      seen.push(...body.items.map((p) => p.slug));
    }
    expect(seen).toHaveLength(seedProducts.length);
    expect(new Set(seen).size).toBe(seedProducts.length);
  });

  it('returns a short last page and an empty page past the end, both with the real total', async () => {
    const last = await list('?page=4&pageSize=14');
    expect(last.items).toHaveLength(seedProducts.length - 3 * 14);
    const past = await list('?page=99&pageSize=12');
    expect(past).toEqual({ items: [], total: seedProducts.length, page: 99, pageSize: 12 });
  });

  it('accepts the largest page size', async () => {
    expect((await list('?pageSize=48')).items).toHaveLength(48);
  });

  it('treats an empty category as all categories', async () => {
    expect((await list('?category=')).total).toBe(seedProducts.length);
  });
});

describe('GET /products validation', () => {
  it.each([
    ['?sort=cheapest', 'sort'],
    ['?pageSize=0', 'pageSize'],
    ['?pageSize=49', 'pageSize'],
    ['?pageSize=abc', 'pageSize'],
    ['?pageSize=2.5', 'pageSize'],
    ['?page=0', 'page'],
    ['?page=-1', 'page'],
    ['?page=abc', 'page'],
    ['?page=1&page=2', 'page'],
    ['?featured=yes', 'featured'],
    ['?featured=1', 'featured'],
    [`?q=${'a'.repeat(101)}`, 'q'],
  ])('rejects %s with INVALID_REQUEST naming "%s"', async (query, param) => {
    const { status, body } = await listError(query);
    expect(status).toBe(400);
    expect(body.error.code).toBe('INVALID_REQUEST');
    expect(body.error.param).toBe(param);
    expect(body.error.message).toContain(`"${param}"`);
  });

  it('explains the accepted values', async () => {
    expect((await listError('?pageSize=49')).body.error.message).toMatch(/integer from 1 to 48/);
    expect((await listError('?sort=x')).body.error.message).toMatch(/name-asc, name-desc, price-asc/);
  });

  it('rejects unknown parameters with INVALID_REQUEST', async () => {
    const { status, body } = await listError('?limit=5');
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'INVALID_REQUEST', param: 'limit' });
    expect(body.error.message).toMatch(/Unknown query parameter "limit"/);
  });

  it('rejects an unknown category with UNKNOWN_CATEGORY', async () => {
    const { status, body } = await listError('?category=spaceships');
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'UNKNOWN_CATEGORY', param: 'category' });
    expect(body.error.message).toContain('spaceships');
  });

  it('accepts a search of exactly 100 characters', async () => {
    expect((await list(`?q=${'a'.repeat(100)}`)).total).toBe(0);
  });
});

describe('GET /products/:idOrSlug', () => {
  it('finds a product by slug and by numeric id', async () => {
    const bySlug = await app.inject({ method: 'GET', url: '/products/salt-and-pepper-mill-set' });
    expect(bySlug.statusCode).toBe(200);
    const { product } = json<{ product: Product }>(bySlug);
    expect(product.name).toBe('Salt & Pepper Mill Set');

    const byId = await app.inject({ method: 'GET', url: `/products/${product.id}` });
    expect(byId.statusCode).toBe(200);
    expect(json<{ product: Product }>(byId).product).toEqual(product);
  });

  it.each(['no-such-thing', '0', '999999', '99999999999999999999', '%F0%9F%A6%8A'])(
    'answers 404 PRODUCT_NOT_FOUND for %s',
    async (idOrSlug) => {
      const response = await app.inject({ method: 'GET', url: `/products/${idOrSlug}` });
      expect(response.statusCode).toBe(404);
      expect(json<ErrorBody>(response).error.code).toBe('PRODUCT_NOT_FOUND');
    },
  );
});
