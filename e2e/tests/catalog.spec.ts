import { expect, test } from '../support/fixtures.js';

test.describe('shopper browses the catalog', () => {
  test('the API answers through the shell origin with at least 48 products', async ({
    request,
    storefront,
  }) => {
    const res = await request.get(`${storefront.shellUrl}/api/catalog/products`);
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body.total).toBeGreaterThanOrEqual(48);
    expect(body.meta.degraded).toBeNull();
    expect(res.headers()['storefront-degraded']).toBeUndefined();

    const resilience = await (await request.get(`${storefront.shellUrl}/api/resilience`)).json();
    const catalog = resilience.upstreams.find((u: { name: string }) => u.name === 'catalog');
    expect(catalog.state).toBe('closed');

    const metrics = await (await request.get(`${storefront.bffUrl}/metrics`)).text();
    expect(metrics).toMatch(/bff_circuitbreaker_state\{[^}]*upstream="catalog"[^}]*state="closed"[^}]*\} 1/);
  });

  test('browse, search, filter, sort and open a product', async ({ page }) => {
    await page.goto('/');
    const grid = page.getByRole('region', { name: 'Products', exact: true });
    await expect(page.getByRole('heading', { name: /featured/i })).toBeVisible();
    await expect(grid.getByRole('link').first()).toBeVisible();
    await expect(grid.getByText(/48 products/i)).toBeVisible();

    // Search
    await grid.getByRole('searchbox').fill('lamp');
    await grid.getByRole('button', { name: /search/i }).click();
    await expect(page).toHaveURL(/q=lamp/);
    await expect(grid.getByText(/\d+ products?/i)).not.toHaveText(/48 products/i);
    const names = await grid.getByRole('heading', { level: 2 }).allInnerTexts();
    expect(names.length).toBeGreaterThan(0);

    // Category filter (clears the search first)
    await grid.getByRole('searchbox').fill('');
    await grid.getByRole('button', { name: /search/i }).click();
    const category = grid.getByRole('combobox', { name: /category/i });
    const options = await category.locator('option').allInnerTexts();
    expect(options.length).toBeGreaterThan(6);
    await category.selectOption({ index: 2 });
    await expect(page).toHaveURL(/category=/);
    await expect(grid.getByText(/\d+ products?/i)).not.toHaveText(/48 products/i);

    // Sort by price, lowest first: prices on the page are ascending
    await category.selectOption({ index: 0 });
    await grid.getByRole('combobox', { name: /sort/i }).selectOption('price-asc');
    await expect(page).toHaveURL(/sort=price-asc/);
    const prices = await grid.locator('.catalog-card__price').allInnerTexts();
    const values = prices.map((p) => Number(p.replace(/[^\d.]/g, '')));
    expect(values).toEqual([...values].sort((a, b) => a - b));

    // Pagination
    await grid.getByRole('button', { name: /next/i }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(grid.getByText(/page 2 of/i)).toBeVisible();

    // Open a product
    const first = grid.getByRole('heading', { level: 2 }).first();
    const name = (await first.textContent()) ?? '';
    await grid.getByRole('link', { name }).first().click();
    await expect(page).toHaveURL(/\/products\//);
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  });

  test('a product page opened directly works, an unknown one says not found', async ({ page }) => {
    await page.goto('/products/1');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.goto('/products/no-such-product');
    await expect(page.getByText(/product not found/i)).toBeVisible();
    await expect(page.getByRole('banner')).toBeVisible();
  });
});
