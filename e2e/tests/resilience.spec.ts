import { BREAKER_HALF_OPEN_AFTER_MS, expect, test } from '../support/fixtures.js';

interface Upstream {
  name: string;
  state: 'closed' | 'open' | 'half-open';
}

test.describe('the catalog service fails and comes back', () => {
  test('stopped → breaker opens, saved products with a notice, shell usable; started → live by itself', async ({
    page,
    request,
    storefront,
  }) => {
    // The catalog breaker of every BFF replica (each has its own): one state when they agree, else 'mixed'.
    const catalogState = async () => {
      const body = await (await request.get(`${storefront.shellUrl}/api/resilience`)).json();
      const states = new Set(
        (body.replicas as Array<{ upstreams: Upstream[] }>).map(
          (replica) => replica.upstreams.find((u) => u.name === 'catalog')?.state,
        ),
      );
      return states.size === 1 ? [...states][0] : 'mixed';
    };
    /** Two calls: the shell host alternates between the replicas, so each of them gets one. */
    const browse = async (path: string) => {
      for (let i = 0; i < 2; i++) await request.get(`${storefront.shellUrl}${path}`);
    };

    // A first visit while everything is up gives the BFF its saved copies (each replica its own: two visits).
    await page.goto('/');
    const grid = page.getByRole('region', { name: 'Products', exact: true });
    await expect(grid.getByRole('link').first()).toBeVisible();
    await page.reload();
    await expect(grid.getByRole('link').first()).toBeVisible();
    await browse('/api/catalog/products');
    const liveNames = await grid.getByRole('heading', { level: 2 }).allInnerTexts();
    expect(await catalogState()).toBe('closed');

    await storefront.stack.stop('catalog-service');
    try {
      // A few requests later the breaker is open and catalog answers carry the degraded marker.
      await expect
        .poll(async () => {
          await browse('/api/catalog/products');
          return catalogState();
        })
        .toBe('open');
      const degraded = await request.get(`${storefront.shellUrl}/api/catalog/products`);
      expect(degraded.status()).toBe(200);
      expect(degraded.headers()['storefront-degraded']).toMatch(/^catalog; reason=circuit-open$/);
      expect((await degraded.json()).meta.degraded).toMatchObject({
        service: 'catalog',
        reason: 'circuit-open',
      });

      // The page shows the saved products with a notice: never a blank page.
      await page.reload();
      await expect(grid.getByRole('status').filter({ hasText: /saved products/i })).toBeVisible();
      expect(await grid.getByRole('heading', { level: 2 }).allInnerTexts()).toEqual(liveNames);
      await expect(page.getByRole('banner')).toBeVisible();

      // A search never made before has no saved copy: a placeholder with its retry time.
      await grid.getByRole('searchbox').fill('zzz-never-searched');
      await grid.getByRole('button', { name: /search/i }).click();
      await expect(grid.getByRole('alert').filter({ hasText: /temporarily unavailable/i })).toBeVisible();

      // The rest of the shell keeps working.
      await page.getByRole('link', { name: /^account$/i }).click();
      await expect(page).toHaveURL(/\/account$/);
      await page.getByRole('link', { name: /^catalog$/i }).click();
      await expect(grid.getByRole('status').filter({ hasText: /saved products/i })).toBeVisible();
    } finally {
      await storefront.stack.start('catalog-service');
    }

    // No reload: the remote retries by itself, the breaker half-opens after its cooldown and closes on success.
    await expect(grid.getByRole('status').filter({ hasText: /saved products/i })).toBeHidden({
      timeout: BREAKER_HALF_OPEN_AFTER_MS + 30_000,
    });
    await expect(grid.getByRole('link').first()).toBeVisible();
    // A replica whose breaker saw no call since stays open until one reaches it: browsing brings both back.
    await expect
      .poll(async () => {
        await browse('/api/catalog/categories');
        return catalogState();
      })
      .toBe('closed');
    const live = await request.get(`${storefront.shellUrl}/api/catalog/products`);
    expect(live.headers()['storefront-degraded']).toBeUndefined();
  });
});
