import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test, untilAllBreakersClosed } from '../support/fixtures.js';
import { expectNoSeriousA11yViolations } from '../support/page-checks.js';
import { addFirstProduct } from '../support/storefront-page.js';

// axe-core on every page of the storefront, live and degraded: 0 serious or critical violations (issue 12).

const PASSWORD = 'correct-horse-battery-9';

function grid(page: Page) {
  return page.getByRole('region', { name: 'Products', exact: true });
}

/** Waits until every breaker of every replica reports `open` for `name`. */
async function untilOpen(request: APIRequestContext, shellUrl: string, name: string, probe: string) {
  await expect
    .poll(async () => {
      for (let i = 0; i < 2; i++) await request.get(`${shellUrl}${probe}`);
      const body = await (await request.get(`${shellUrl}/api/resilience`)).json();
      const states = (body.replicas as { upstreams: { name: string; state: string }[] }[]).map(
        (r) => r.upstreams.find((u) => u.name === name)?.state,
      );
      return states.every((s) => s === 'open');
    })
    .toBe(true);
}

test.describe('accessibility (axe-core): no serious or critical violation', () => {
  test.beforeEach(async ({ request, storefront }) => {
    await request.delete(`${storefront.shellUrl}/api/faults`);
    await untilAllBreakersClosed(request, storefront.shellUrl);
  });

  test('home, product, cart, checkout, sign-in, sign-up, account, ops and not-found pages', async ({
    page,
  }) => {
    await page.goto('/');
    await expect(grid(page).getByRole('link').first()).toBeVisible();
    await expect(page.getByRole('heading', { name: /featured/i })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'home /');

    const name = (await grid(page).getByRole('heading', { level: 2 }).first().textContent()) ?? '';
    await grid(page).getByRole('link', { name }).first().click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'product page');

    await page.goto('/');
    await addFirstProduct(page);
    await page.goto('/cart');
    await expect(page.getByRole('heading', { level: 1, name: /your cart/i })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Items in your cart' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, '/cart with a line');

    await page.goto('/checkout');
    await expect(page.getByRole('heading', { level: 1, name: /checkout/i })).toBeVisible();
    await expect(page.getByRole('main').getByRole('link', { name: /sign in/i })).toBeVisible();
    await expectNoSeriousA11yViolations(page, '/checkout signed out');

    await page.goto('/signin');
    await expect(page.getByLabel(/password/i)).toBeVisible();
    await expectNoSeriousA11yViolations(page, '/signin');

    await page.goto('/signin?mode=signup&returnTo=%2Fcheckout');
    await page.getByLabel(/name/i).fill('Ada Axe');
    await page.getByLabel(/e-?mail/i).fill(`axe-${Date.now()}@example.test`);
    await page.getByLabel(/password/i).fill(PASSWORD);
    await expectNoSeriousA11yViolations(page, '/signin?mode=signup');
    await page.getByRole('button', { name: /create account/i }).click();

    await expect(page).toHaveURL(/\/checkout/);
    await expect(page.getByRole('button', { name: /place order/i })).toBeEnabled();
    await expectNoSeriousA11yViolations(page, '/checkout signed in');
    await page.getByRole('button', { name: /place order/i }).click();
    await expect(page.getByText(/thank you! your order .+ is placed/i)).toBeVisible();
    await expectNoSeriousA11yViolations(page, '/checkout order placed');

    await page.goto('/account');
    await expect(page.getByRole('heading', { level: 1, name: /your account/i })).toBeVisible();
    await expect(
      page
        .getByRole('region', { name: /order history/i })
        .getByRole('article')
        .first(),
    ).toBeVisible();
    await expectNoSeriousA11yViolations(page, '/account');

    await page.goto('/cart');
    await expect(page.getByRole('heading', { level: 1, name: /your cart/i })).toBeVisible();
    await expect(page.getByText(/your cart is empty/i).first()).toBeVisible();
    await expectNoSeriousA11yViolations(page, '/cart empty');

    await page.goto('/ops');
    await expect(page.getByRole('status').filter({ hasText: /live/i })).toBeVisible();
    await expect(page.getByRole('region', { name: 'catalog breaker', exact: true })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Supervised processes' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, '/ops');

    await page.goto('/no-such-page');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'not found page');
  });

  test('degraded: catalog breaker open (saved products, placeholder), /ops showing it', async ({
    page,
    request,
    storefront,
  }) => {
    // Saved copies first (each replica its own), then the catalog service goes down.
    for (let i = 0; i < 2; i++) {
      await page.goto('/');
      await expect(grid(page).getByRole('link').first()).toBeVisible();
    }
    // Two page loads do not guarantee that both replicas served the grid's list (the shell host alternates per
    // call, and a page makes several calls in an order that varies): two direct calls do, one to each.
    for (let i = 0; i < 2; i++) await request.get(`${storefront.shellUrl}/api/catalog/products`);
    await storefront.stack.stop('catalog-service');
    try {
      await untilOpen(request, storefront.shellUrl, 'catalog', '/api/catalog/products');
      await page.reload();
      await expect(
        grid(page)
          .getByRole('status')
          .filter({ hasText: /saved products/i }),
      ).toBeVisible();
      await expectNoSeriousA11yViolations(page, 'home, catalog breaker open');

      await grid(page).getByRole('searchbox').fill('zzz-never-searched');
      await grid(page)
        .getByRole('button', { name: /search/i })
        .click();
      await expect(
        grid(page)
          .getByRole('alert')
          .filter({ hasText: /temporarily unavailable/i }),
      ).toBeVisible();
      await expectNoSeriousA11yViolations(page, 'catalog search placeholder');

      await page.goto('/ops');
      await expect(page.getByRole('region', { name: 'catalog breaker', exact: true })).toHaveAttribute(
        'data-state',
        /open/,
      );
      await expectNoSeriousA11yViolations(page, '/ops with an open breaker');
    } finally {
      await storefront.stack.start('catalog-service');
    }
  });

  test('degraded: cart and account services down (items safe, sign-in unavailable)', async ({
    page,
    storefront,
  }) => {
    await page.goto('/');
    await addFirstProduct(page);
    await storefront.stack.stop('cart-service');
    try {
      await page.goto('/cart');
      await expect(page.getByText(/your items are safe/i).first()).toBeVisible();
      await expectNoSeriousA11yViolations(page, '/cart, cart service down');
      await page.goto('/checkout');
      await expect(page.getByRole('button', { name: /place order/i })).toBeDisabled();
      await expectNoSeriousA11yViolations(page, '/checkout, cart service down');
    } finally {
      await storefront.stack.start('cart-service');
    }
    await storefront.stack.stop('account-service');
    try {
      await page.goto('/signin');
      await expect(page.getByText(/sign-in is temporarily unavailable/i)).toBeVisible();
      await expectNoSeriousA11yViolations(page, '/signin, account service down');
    } finally {
      await storefront.stack.start('account-service');
    }
  });

  test('degraded: remote hosts down (the shell’s fallbacks)', async ({ page, request, storefront }) => {
    for (const remote of ['remote-cart', 'remote-catalog']) {
      const put = await request.put(`${storefront.shellUrl}/api/faults/${remote}`, {
        data: { type: 'down' },
      });
      expect(put.status()).toBe(200);
    }
    try {
      await page.goto('/');
      await expect(page.getByRole('banner').getByText(/cart unavailable/i)).toBeVisible();
      await expect(page.getByText(/the catalog is unavailable right now/i).first()).toBeVisible();
      await expectNoSeriousA11yViolations(page, 'home, catalog and cart remotes down');
      await page.goto('/cart');
      await expect(
        page.getByRole('alert').filter({ hasText: /the cart is unavailable right now/i }),
      ).toBeVisible();
      await expectNoSeriousA11yViolations(page, '/cart, cart remote down');
    } finally {
      await request.delete(`${storefront.shellUrl}/api/faults`);
    }
  });
});
