import { json, type TestApp } from '@storefront/service-kit/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedCategories, seedProducts } from '../db/seed-data.js';
import type { CategorySummary } from '../db/types.js';
import { startCatalog } from '../testing/catalog-app.js';

let started: TestApp;

beforeAll(async () => {
  started = await startCatalog();
});

afterAll(async () => {
  await started.close();
});

it('lists every category by name with its product count', async () => {
  const response = await started.app.inject({ method: 'GET', url: '/categories' });
  expect(response.statusCode).toBe(200);
  const { items } = json<{ items: CategorySummary[] }>(response);

  expect(items).toHaveLength(seedCategories.length);
  expect(items.map((c) => c.name)).toEqual(seedCategories.map((c) => c.name).sort());
  for (const item of items) {
    expect(Object.keys(item).sort()).toEqual(['name', 'productCount', 'slug']);
    expect(item.productCount).toBe(seedProducts.filter((p) => p.category === item.slug).length);
  }
  expect(items.find((c) => c.slug === 'kitchen')?.name).toBe('Kitchen & Dining');
});
