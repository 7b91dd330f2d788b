import { json, type TestApp } from '@storefront/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedProducts } from '../db/seed-data.js';
import { startCatalog } from '../testing/catalog-app.js';

let started: TestApp;

beforeAll(async () => {
  started = await startCatalog();
});

afterAll(async () => {
  await started.close();
});

function get(url: string) {
  return started.app.inject({ method: 'GET', url });
}

describe('GET /images/:file', () => {
  it('serves an SVG with a day of browser caching', async () => {
    const response = await get('/images/two-person-dome-tent.svg');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(response.headers['cache-control']).toBe('public, max-age=86400');
    expect(response.body.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(response.body.endsWith('</svg>')).toBe(true);
    expect(response.body).toContain('Two-Person Dome Tent');
    expect(response.body).toContain('OUTDOOR');
  });

  it('escapes product and category names for XML', async () => {
    const response = await get('/images/salt-and-pepper-mill-set.svg');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Salt &amp; Pepper Mill Set');
    expect(response.body).toContain('KITCHEN &amp; DINING');
    // Every ampersand starts an entity, so the document stays well-formed.
    expect(response.body).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);

    const apostrophe = await get('/images/gardeners-kneeling-pad.svg');
    expect(apostrophe.body).toContain('Gardener&apos;s');
  });

  it('colours images by category', async () => {
    const kitchen = await get('/images/cast-iron-skillet-26.svg');
    const otherKitchen = await get('/images/bamboo-cutting-board.svg');
    const books = await get('/images/slow-bread.svg');
    const background = (svg: string) => /<rect width="400" height="300" fill="(#[0-9a-f]{6})"/.exec(svg)?.[1];
    expect(background(kitchen.body)).toBeDefined();
    expect(background(kitchen.body)).toBe(background(otherKitchen.body));
    expect(background(kitchen.body)).not.toBe(background(books.body));
  });

  it('has an image for every seeded product', async () => {
    for (const product of seedProducts) {
      const response = await get(`/images/${product.slug}.svg`);
      expect(response.statusCode, product.slug).toBe(200);
    }
  });

  it.each([
    '/images/unknown-thing.svg',
    '/images/cast-iron-skillet-26.png',
    '/images/cast-iron-skillet-26',
    '/images/.svg',
  ])('answers 404 IMAGE_NOT_FOUND for %s', async (url) => {
    const response = await get(url);
    expect(response.statusCode).toBe(404);
    expect(json<{ error: { code: string } }>(response).error.code).toBe('IMAGE_NOT_FOUND');
  });
});
