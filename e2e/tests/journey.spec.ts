import type { Page } from '@playwright/test';
import { ACCEPTED_STATUS, type CheckoutMode, setCheckoutMode } from '../support/checkout-mode.js';
import { expect, type StorefrontStack, test, untilAllBreakersClosed } from '../support/fixtures.js';
import { ApiShopper } from '../support/shopper.js';
import { stockLevels } from '../support/stock.js';
import { addFirstProduct, cartBadge } from '../support/storefront-page.js';
import { CHOREOGRAPHY } from '../support/tags.js';

const PASSWORD = 'correct-horse-battery-9';

/**
 * The shopper's journey, the same in both checkout modes; only what checkout answers differs: orchestrated, the
 * order is placed at once (201); choreographed, it is pending (202) — "received, confirming stock" — until the
 * catalog's and the cart's consumers confirm it, and the account's history shows it confirmed.
 */
async function shopperJourney(page: Page, storefront: StorefrontStack, mode: CheckoutMode): Promise<void> {
  const accepted = ACCEPTED_STATUS[mode];
  const email = `shopper-${Date.now()}@example.test`;
  await page.goto('/');
  const product = await addFirstProduct(page);
  await expect(cartBadge(page)).toHaveAccessibleName(/cart, 1 item/i);

  // The cart page shows the line; reload keeps the anonymous cart (cookie).
  await cartBadge(page).click();
  await expect(page.getByRole('heading', { level: 1, name: /your cart/i })).toBeVisible();
  await expect(page.getByRole('link', { name: product })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('link', { name: product })).toBeVisible();

  // Check out while signed out → asked to sign in → sign up.
  await page.getByRole('link', { name: /check out/i }).click();
  await expect(page.getByRole('heading', { level: 1, name: /checkout/i })).toBeVisible();
  // The checkout's own link: the header's "Sign in" has no way back to checkout.
  await page
    .getByRole('main')
    .getByRole('link', { name: /sign in/i })
    .click();
  await expect(page).toHaveURL(/\/signin\?.*returnTo=(%2F|\/)checkout/);
  const url = new URL(page.url());
  url.searchParams.set('mode', 'signup');
  await page.goto(url.pathname + url.search);
  await page.getByLabel(/name/i).fill('Ada Shopper');
  await page.getByLabel(/e-?mail/i).fill(email);
  await page.getByLabel(/password/i).fill(PASSWORD);
  await page.getByRole('button', { name: /create account/i }).click();

  // Back on checkout, signed in, and the anonymous cart was kept (merged).
  await expect(page).toHaveURL(/\/checkout/);
  await expect(page.getByRole('banner').getByText(/ada shopper/i)).toBeVisible();
  await expect(cartBadge(page)).toHaveAccessibleName(/cart, 1 item/i);
  await expect(page.getByText(product).first()).toBeVisible();

  // A double-clicked "Place order" makes one order.
  await page.getByRole('button', { name: /place order/i }).dblclick();
  const confirmation = page.getByRole('status').filter({ hasText: /order \d+/i });
  if (mode === 'choreographed') {
    // The answer is the pending order; the page follows it until the consumers have confirmed it.
    await expect(confirmation).toHaveText(/order \d+ received — confirming stock…/i);
    await expect(confirmation).toHaveText(/thank you! your order \d+ is confirmed/i, { timeout: 20_000 });
  } else {
    await expect(confirmation).toHaveText(/thank you! your order .+ is placed/i);
  }
  const orderId = /order (\d+)/i.exec((await confirmation.textContent()) ?? '')?.[1];
  await expect(cartBadge(page)).toHaveAccessibleName(/cart, 0 items/i);

  // The order is in the account page, once, with its status; reload keeps the session.
  await page.goto('/account');
  await expect(page.getByRole('heading', { level: 1, name: /your account/i })).toBeVisible();
  const history = page.getByRole('region', { name: /order history/i });
  await expect(history.getByText(product).first()).toBeVisible();
  await expect(history.getByRole('article', { name: `Order ${orderId}` })).toContainText(
    mode === 'choreographed' ? 'Confirmed' : 'Placed',
  );
  await page.reload();
  await expect(history.getByText(product).first()).toBeVisible();
  const orders = await page.evaluate(async () => (await (await fetch('/api/orders')).json()).orders);
  expect(orders).toHaveLength(1);

  // No password, session token or cookie value in any log line of any process.
  const cookies = await page.context().cookies();
  const secrets = [PASSWORD, ...cookies.filter((c) => c.name.startsWith('sf_')).map((c) => c.value)];
  expect(secrets.length).toBeGreaterThan(1);
  for (const secret of secrets) {
    expect(storefront.logs.filter((line) => line.includes(secret))).toEqual([]);
  }
  // The API agrees with the page: the cart is empty now.
  const cart = await page.evaluate(async () => (await (await fetch('/api/cart')).json()).cart);
  expect(cart.itemCount).toBe(0);

  // Two checkouts sent at once with one Idempotency-Key make one order; the key with another body → 422.
  await page.goto('/');
  await addFirstProduct(page);
  const outcome = await page.evaluate(async () => {
    const send = (body: unknown) =>
      fetch('/api/checkout', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'e2e-checkout-key-1' },
        body: JSON.stringify(body),
      });
    const [a, b] = await Promise.all([send({}), send({})]);
    const again = await send({});
    const other = await send({
      shippingAddress: { line1: '1 Quay St', city: 'Cork', postalCode: 'T12', country: 'IE' },
    });
    const orders = (await (await fetch('/api/orders')).json()).orders as unknown[];
    return {
      statuses: [a.status, b.status].sort(),
      replayed: again.headers.get('idempotent-replayed'),
      againStatus: again.status,
      otherStatus: other.status,
      otherCode: (await other.json()).error?.code,
      orderCount: orders.length,
    };
  });
  // The second of two simultaneous requests is either told the first is running (409) or gets its answer.
  expect([
    [accepted, accepted],
    [accepted, 409],
  ]).toContainEqual(outcome.statuses);
  expect(outcome.againStatus).toBe(accepted);
  expect(outcome.replayed).toBe('true');
  expect(outcome.otherStatus).toBe(422);
  expect(outcome.otherCode).toBe('IDEMPOTENCY_KEY_REUSED');
  expect(outcome.orderCount).toBe(2);
}

test.describe('shopper journey: cart, account, checkout', () => {
  // Each test starts from a calm storefront: the one before may have stopped a service and left a replica's breaker
  // open for up to 2 s after the service came back, and a shopper's first call there is refused (the likely cause of
  // the account-down test failing once on a clean clone, right after the cart-down test).
  test.beforeEach(async ({ request, storefront }) => untilAllBreakersClosed(request, storefront.shellUrl));

  test('anonymous add → sign up (cart kept) → checkout once → order in the account; reload keeps it', async ({
    page,
    storefront,
  }) => shopperJourney(page, storefront, 'orchestrated'));

  test('cart service down → cart degraded, items safe, checkout disabled; catalog browsing unaffected', async ({
    page,
    storefront,
  }) => {
    await page.goto('/');
    await addFirstProduct(page);
    await storefront.stack.stop('cart-service');
    try {
      await page.goto('/cart');
      await expect(page.getByText(/your items are safe/i).first()).toBeVisible();
      // Catalog still fully usable.
      await page.getByRole('link', { name: /^catalog$/i }).click();
      const grid = page.getByRole('region', { name: 'Products', exact: true });
      await grid.getByRole('searchbox').fill('lamp');
      await grid.getByRole('button', { name: /search/i }).click();
      await expect(grid.getByText(/\d+ products?/i)).toBeVisible();
      await expect(grid.getByRole('status').filter({ hasText: /saved products/i })).toHaveCount(0);
      // Checkout waits for the cart: once the page says so, the only "Place order" is a disabled one. (Asserting
      // no button at all passed only while the page was still loading.)
      await page.goto('/checkout');
      await expect(page.getByText(/your items are safe/i).first()).toBeVisible();
      await expect(page.getByRole('button', { name: /place order/i })).toBeDisabled();
    } finally {
      await storefront.stack.start('cart-service');
    }
  });

  test('account service down → sign-in degraded; the anonymous cart still works', async ({
    page,
    storefront,
  }) => {
    await storefront.stack.stop('account-service');
    try {
      await page.goto('/signin');
      await expect(page.getByText(/sign-in is temporarily unavailable/i)).toBeVisible();
      await page.getByRole('link', { name: /^catalog$/i }).click();
      await addFirstProduct(page);
      await expect(cartBadge(page)).toHaveAccessibleName(/cart, [1-9]\d* items?/i);
      await cartBadge(page).click();
      await expect(page.getByRole('heading', { level: 1, name: /your cart/i })).toBeVisible();
    } finally {
      await storefront.stack.start('account-service');
    }
  });
});

test.describe('shopper journey, choreographed checkout', { tag: CHOREOGRAPHY }, () => {
  // Other specs assume orchestrated checkouts, whatever these tests did.
  test.afterAll(async ({ storefront }) => setCheckoutMode(storefront, 'orchestrated'));

  test('switched on /ops → the same journey: received, confirming stock → confirmed, confirmed in the account', async ({
    page,
    storefront,
  }) => {
    // As a reader of the demo would: the console's switch.
    await page.goto('/ops');
    const modes = page.getByRole('group', { name: 'Checkout mode' });
    await expect(modes.getByRole('radio', { name: 'Orchestrated' })).toBeChecked();
    // The radio follows the cart service's answer, not the click: check() would find it unchanged at once.
    await modes.getByRole('radio', { name: 'Choreographed' }).click();
    await expect(page.getByText('Checkouts now run choreographed')).toBeVisible();
    await expect(modes.getByRole('radio', { name: 'Choreographed' })).toBeChecked();
    const read = await page.request.get('/api/ops/checkout-mode');
    expect((await read.json()).mode).toBe('choreographed');

    await shopperJourney(page, storefront, 'choreographed');
  });

  test('stock sold meanwhile → pending → rejected with the reason; the stock untouched', async ({
    page,
    storefront,
  }) => {
    await setCheckoutMode(storefront, 'choreographed');
    const catalogUrl = `http://127.0.0.1:${storefront.ports.CATALOG_SERVICE_PORT}`;
    const before = await stockLevels(catalogUrl);
    // The least stocked product: the cart caps a line at the stock it saw, so the shopper takes all of it…
    const [productId, stock] = [...before.stock]
      .filter(([, units]) => units > 0 && units <= 99)
      .sort((a, b) => a[1] - b[1])[0] ?? [0, 0];
    expect(productId).toBeGreaterThan(0);
    const signUp = await page.request.post('/api/account/signup', {
      data: { email: `rejected-${Date.now()}@example.test`, password: PASSWORD, name: 'Rex Rejected' },
    });
    expect(signUp.status()).toBe(201);
    const added = await page.request.post('/api/cart/lines', { data: { productId, quantity: stock } });
    expect(added.status()).toBe(200);
    // …and someone else buys one unit before they check out.
    const other = new ApiShopper(storefront.shellUrl);
    await other.signUp('first-served');
    const deadline = Date.now() + 15_000;
    const line = { productId, quantity: 1 };
    expect((await other.keyed('POST', '/api/cart/lines', 'add', { body: line, deadline })).status).toBe(200);
    expect((await other.keyed('POST', '/api/checkout', 'checkout', { body: {}, deadline })).status).toBe(202);
    await expect.poll(async () => (await stockLevels(catalogUrl)).stock.get(productId)).toBe(stock - 1);

    await page.goto('/checkout');
    await page.getByRole('button', { name: /place order/i }).click();
    const confirmation = page.getByRole('status').filter({ hasText: /order \d+/i });
    await expect(confirmation).toHaveText(/order \d+ received — confirming stock…/i);
    await expect(confirmation).toHaveText(
      /sorry, your order \d+ could not be confirmed: some products were not available/i,
      { timeout: 20_000 },
    );
    const orderId = /order (\d+)/i.exec((await confirmation.textContent()) ?? '')?.[1];
    await expect(page.getByRole('link', { name: /back to the catalog/i })).toBeVisible();

    await page.goto('/account');
    const order = page.getByRole('region', { name: /order history/i }).getByRole('article', {
      name: `Order ${orderId}`,
    });
    await expect(order).toContainText('Rejected');
    await expect(order).toContainText(/not available in the quantity ordered/i);

    // The rejected order took nothing and holds nothing.
    const after = await stockLevels(catalogUrl);
    expect(after.stock.get(productId)).toBe(stock - 1);
    expect(after.reserved.get(productId) ?? 0).toBe(before.reserved.get(productId) ?? 0);
  });
});
