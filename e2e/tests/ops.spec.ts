import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, untilAllBreakersClosed } from '../support/fixtures.js';

// The demo of issue 4, end to end: faults injected through the fault proxy (demo mode), watched on /ops.
test.describe('fault injection and the resilience console', () => {
  test.afterEach(async ({ request, storefront }) => {
    // Every test leaves the storefront as it found it.
    await request.delete(`${storefront.shellUrl}/api/faults`);
  });

  test('catalog down from the console → open within 2 s of traffic, degraded; clear → half-open → closed, live', async ({
    page,
    context,
    storefront,
  }) => {
    await page.goto('/ops');
    await expect(page.getByRole('status').filter({ hasText: /live/i })).toBeVisible();
    const card = page.getByRole('region', { name: 'catalog breaker', exact: true });
    await expect(card).toHaveAttribute('data-state', 'closed');

    const form = page.getByRole('form', { name: 'catalog fault', exact: true });
    await form.getByRole('combobox', { name: 'Type', exact: true }).selectOption('down');
    await form.getByRole('button', { name: 'Inject fault into catalog', exact: true }).click();
    await expect(form).not.toContainText(/no fault/i);

    // Traffic: a shopper opens the storefront.
    const shop = await context.newPage();
    await shop.goto(storefront.shellUrl);
    await expect(card).toHaveAttribute('data-state', 'open', { timeout: 2_000 });
    const grid = shop.getByRole('region', { name: 'Products', exact: true });
    await expect(
      grid
        .getByRole('status')
        .filter({ hasText: /saved products/i })
        .or(grid.getByRole('alert').filter({ hasText: /temporarily unavailable/i })),
    ).toBeVisible();

    await form.getByRole('button', { name: 'Clear fault on catalog', exact: true }).click();
    // The shopper's page retries by itself: the breaker half-opens, the probe succeeds, it closes. Each BFF
    // replica has its own breaker and moves only when a call reaches it, so shoppers keep browsing meanwhile
    // (the shell host spreads their calls over both replicas).
    await expect
      .poll(
        async () => {
          await shop.request.get(`${storefront.shellUrl}/api/catalog/categories`);
          return card.getAttribute('data-state');
        },
        { timeout: 30_000 },
      )
      .toBe('closed');
    const timeline = page.getByRole('list', { name: 'catalog transitions', exact: true });
    await expect(timeline).toContainText(/half-open/);
    await expect(grid.getByRole('status').filter({ hasText: /saved products/i })).toBeHidden({
      timeout: 15_000,
    });
    await expect(grid.getByRole('link').first()).toBeVisible();
    await shop.close();
  });

  test('cart latency above the timeout → cart breaker opens; catalog and account stay fast (bulkhead)', async ({
    request,
    storefront,
  }) => {
    const api = storefront.shellUrl;
    const put = await request.put(`${api}/api/faults/cart`, {
      data: { type: 'latency', options: { ms: 2500 }, durationMs: 60_000 },
    });
    expect(put.status()).toBe(200);

    // A shopper with an anonymous cart: without the cookie the BFF answers an empty cart without asking the cart service.
    const cookie = `sf_cart=${randomBytes(16).toString('base64url')}`;
    const timed = async (path: string) => {
      const started = Date.now();
      const res = await request.get(`${api}${path}`, { headers: { cookie } });
      return { status: res.status(), ms: Date.now() - started };
    };
    // Cart calls time out (1.5 s per attempt) until the breaker opens; meanwhile the others answer at once.
    const cartCalls = Promise.all([timed('/api/cart'), timed('/api/cart'), timed('/api/cart')]);
    const others = [];
    for (let i = 0; i < 5; i += 1) {
      others.push(await timed('/api/catalog/products'), await timed('/api/account/status'));
    }
    await cartCalls;
    await expect
      .poll(async () => {
        const body = await (await request.get(`${api}/api/resilience`)).json();
        return body.upstreams.find((u: { name: string }) => u.name === 'cart').state;
      })
      .toBe('open');
    for (const call of others) {
      expect(call.status).toBe(200);
      // Far below the cart's 1.5 s timeout: nothing waited for the slow cart.
      expect(call.ms).toBeLessThan(1000);
    }

    // Leave it closed for the next test: clear the fault, and cart traffic lets the half-open probe through.
    await request.delete(`${api}/api/faults/cart`);
    await expect
      .poll(
        async () => {
          await request.get(`${api}/api/cart`, { headers: { cookie } });
          const body = await (await request.get(`${api}/api/resilience`)).json();
          return body.upstreams.find((u: { name: string }) => u.name === 'cart').state;
        },
        { timeout: 15_000, intervals: [500] },
      )
      .toBe('closed');
  });

  test('cart remote host down → the shell’s fallback for cart; everything else works', async ({
    page,
    request,
    storefront,
  }) => {
    const put = await request.put(`${storefront.shellUrl}/api/faults/remote-cart`, {
      data: { type: 'down' },
    });
    expect(put.status()).toBe(200);
    await page.goto('/');
    await expect(page.getByRole('banner').getByText(/cart unavailable/i)).toBeVisible();
    const grid = page.getByRole('region', { name: 'Products', exact: true });
    await expect(grid.getByRole('link').first()).toBeVisible();
    await expect(page.getByRole('banner').getByRole('link', { name: /sign in/i })).toBeVisible();
    await page.getByRole('link', { name: /^cart$/i }).click();
    await expect(
      page.getByRole('alert').filter({ hasText: /the cart is unavailable right now/i }),
    ).toBeVisible();
    await page.getByRole('link', { name: /^catalog$/i }).click();
    await expect(grid.getByRole('link').first()).toBeVisible();
  });

  test('a scenario run from the console executes on the fault proxy: same live state for everyone', async ({
    page,
    context,
    request,
    storefront,
  }) => {
    await page.goto('/ops');
    await expect(page.getByRole('status').filter({ hasText: /live/i })).toBeVisible();
    const scenarios = page.getByRole('region', { name: 'Scenarios' });
    await scenarios.getByRole('combobox', { name: 'Speed' }).selectOption('2');
    await scenarios.getByRole('button', { name: 'Run scenario catalog-outage', exact: true }).click();
    await expect(scenarios.getByRole('status').filter({ hasText: /running catalog-outage/i })).toBeVisible();

    // The CLI and every other client see the same run through the API.
    const faults = await (await request.get(`${storefront.shellUrl}/api/faults`)).json();
    expect(faults.scenario).toMatchObject({ name: 'catalog-outage', speed: 2 });

    // Its first step takes the catalog down; a shopper's traffic opens the breaker.
    const form = page.getByRole('form', { name: 'catalog fault', exact: true });
    // (The form's type select always lists "down": wait for the status line to stop saying "No fault".)
    await expect(form).not.toContainText(/no fault/i, { timeout: 10_000 });
    const shop = await context.newPage();
    await shop.goto(storefront.shellUrl);
    const card = page.getByRole('region', { name: 'catalog breaker', exact: true });
    await expect(card).toHaveAttribute('data-state', 'open', { timeout: 5_000 });

    // The scenario ends by itself, its fault is gone, and the shopper's page brings the breaker back to closed.
    await expect(scenarios.getByRole('status').filter({ hasText: /running/i })).toHaveCount(0, {
      timeout: 20_000,
    });
    await expect(form).toContainText(/no fault/i);
    await expect(card).toHaveAttribute('data-state', 'closed', { timeout: 30_000 });
    await shop.close();
  });

  test('the fault API refuses a client that is not on this machine', async ({ request, storefront }) => {
    const res = await request.get(`${storefront.bffUrl}/api/faults`, {
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    expect(res.status()).toBe(403);
    expect((await res.json()).error.code).toBe('LOOPBACK_ONLY');
  });
});

test.describe('the chaos CLI', () => {
  test('runs a scenario against the real stack and prints its timeline report', async ({
    request,
    storefront,
  }) => {
    // Earlier tests broke things on purpose: the report's last line is about every breaker, so start calm.
    await untilAllBreakersClosed(request, storefront.shellUrl);
    const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/chaos.mjs');
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        [cli, 'run', 'catalog-outage', '--url', storefront.shellUrl],
        { timeout: 60_000 },
        (error, out) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: out }),
      );
    });
    expect(stdout).toMatch(/catalog/);
    expect(stdout).toMatch(/breaker\s+catalog: closed → open/);
    expect(stdout).toMatch(/breaker\s+catalog: half-open → closed/);
    expect(stdout).toMatch(/all breakers closed/);
    expect(code).toBe(0);
  });
});
