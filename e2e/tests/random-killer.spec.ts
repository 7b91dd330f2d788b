// Issue 11's randomised run (support/random-killer.ts), in both checkout modes: shoppers check out, retrying with
// the same keys, while a killer SIGKILLs a random BFF replica, the cart or the catalog every 1–3 s; no order lost or
// duplicated, every order as its shopper filled it, the stock conserved.
import { inCheckoutMode } from '../support/checkout-mode.js';
import { test } from '../support/fixtures.js';
import { shopWhileKilling } from '../support/random-killer.js';
import { CHOREOGRAPHY } from '../support/tags.js';

test('10 shoppers check out while a killer SIGKILLs a BFF, the cart or the catalog every 1–3 s', async ({
  storefront,
}) => {
  test.setTimeout(180_000);
  await shopWhileKilling(storefront, { mode: 'orchestrated', shoppers: 10, runMs: 25_000, minKills: 8 });
});

test.describe('choreographed checkout', { tag: CHOREOGRAPHY }, () => {
  inCheckoutMode('choreographed');

  // Shorter than the orchestrated run: it also runs on the NATS stack, whose project must stay quick.
  test('6 shoppers check out (202, pending) while a killer SIGKILLs a BFF, the cart or the catalog; all confirmed', async ({
    storefront,
  }) => {
    test.setTimeout(150_000);
    await shopWhileKilling(storefront, { mode: 'choreographed', shoppers: 6, runMs: 18_000, minKills: 5 });
  });
});
