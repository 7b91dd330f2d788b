// The recovery loop: checkouts nobody retries (the shopper closed the tab after a crash) are settled from their
// record alone, stale ones only, by any replica.
import { ServiceCredential } from '@storefront/service-kit';
import { TEST_SERVICE_SECRET } from '@storefront/service-kit/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CatalogClient } from '../clients/catalog-client.js';
import { CheckoutRecordsClient } from '../clients/checkout-records-client.js';
import { resolveResilienceConfig } from '../config.js';
import {
  checkout,
  checkoutIdOf,
  logged,
  PRICED_LINES,
  pathOf,
  signedInWithCart,
} from '../test-support/checkout-journey.js';
import type { Harness } from '../test-support/shopper-harness.js';
import { Upstream } from '../upstream/upstream.js';
import { CheckoutRecovery } from './checkout-recovery.js';
import { CheckoutSettler } from './checkout-settler.js';

let h: Harness | undefined;
let host: FastifyInstance | undefined;

afterEach(async () => {
  await h?.close();
  await host?.close();
  h = undefined;
  host = undefined;
});

const MINUTE = 60_000;
const LINES = [
  { productId: 1, quantity: 2 },
  { productId: 2, quantity: 1 },
];

/** A record a crashed attempt left in `state` (back-dated by `ageMs`), holding a live reservation. */
function leftBehind(harness: Harness, id: string, state: 'reserving' | 'releasing', ageMs: number): void {
  harness.catalog.reservations.set(id, { id, lines: LINES, state: 'live' });
  for (const line of LINES) {
    harness.catalog.stock.set(
      line.productId,
      (harness.catalog.stock.get(line.productId) ?? 0) - line.quantity,
    );
  }
  harness.cart.checkouts.seed({ id, userId: 7, state, lines: PRICED_LINES, cartVersion: 1 }, ageMs);
}

/** A CheckoutRecovery of its own on the harness's fakes, as another replica would run it. */
function recoveryOn(harness: Harness, staleAfterMs: number): CheckoutRecovery {
  host = Fastify({ logger: { level: 'info', stream: { write: (line: string) => harness.logs.push(line) } } });
  const upstream = (name: string, baseUrl: string) =>
    new Upstream({
      name,
      baseUrl,
      config: resolveResilienceConfig({ retryAttempts: 0, breakerThreshold: 0, timeoutMs: 1000 }),
      logger: host?.log ?? { info: () => {}, warn: () => {} },
      // The fakes, like the services, answer only requests the BFF signed.
      credential: new ServiceCredential(TEST_SERVICE_SECRET),
    });
  const records = new CheckoutRecordsClient(upstream('cart', harness.cart.url));
  const settler = new CheckoutSettler(
    records,
    new CatalogClient(upstream('catalog', harness.catalog.url)),
    host.log,
  );
  return new CheckoutRecovery(records, settler, host.log, { everyMs: 0, staleAfterMs });
}

describe('checkout recovery', () => {
  it('settles a stale reserving record (released, back to open) and a stale ordered one (committed)', async () => {
    const started = await signedInWithCart({
      resilience: { timeoutMs: 300 },
      checkoutRecovery: { everyMs: 50, staleAfterMs: 5000 },
    });
    h = started.harness;
    const { harness, b } = started;
    // An attempt whose commit hung: the order stands, the record stays `ordered`, the stock is still only reserved.
    harness.catalog.faults.set('POST /stock/reservations/:id/commit', 'hang', 1);
    expect((await checkout(b, 'placed')).statusCode).toBe(201);
    const ordered = checkoutIdOf('placed');
    expect(harness.cart.checkouts.stateOf(ordered)).toBe('ordered');
    // Crashed attempts of another shopper: one long ago, one that may still be running (fresh).
    leftBehind(harness, 'crashed-reserving', 'reserving', MINUTE);
    leftBehind(harness, 'fresh-reserving', 'reserving', 0);

    // Not stale yet: the recovery leaves the placed checkout alone.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(harness.cart.checkouts.stateOf(ordered)).toBe('ordered');
    harness.cart.checkouts.age(MINUTE, ordered);

    await vi.waitFor(
      () => {
        expect(harness.cart.checkouts.stateOf(ordered)).toBe('completed');
        expect(harness.cart.checkouts.stateOf('crashed-reserving')).toBe('open');
      },
      { timeout: 5000, interval: 20 },
    );
    expect(harness.catalog.reservations.get(ordered)?.state).toBe('committed');
    expect(harness.catalog.reservations.get('crashed-reserving')?.state).toBe('released');
    expect(pathOf(harness.cart.checkouts, 'crashed-reserving')).toEqual([
      'reserving→releasing',
      'releasing→open',
    ]);
    // A record still moving is never touched.
    expect(harness.cart.checkouts.stateOf('fresh-reserving')).toBe('reserving');
    expect(harness.catalog.holding()).toEqual(['fresh-reserving']);
    expect(harness.cart.orders).toHaveLength(1);
    expect(logged(harness, 'checkout recovered')).toBe(true);
  });

  it('tick() settles what is stale (reserving, releasing, ordered) and then finds nothing more', async () => {
    const started = await signedInWithCart();
    h = started.harness;
    const { harness } = started;
    leftBehind(harness, 'stale-reserving', 'reserving', MINUTE);
    leftBehind(harness, 'stale-releasing', 'releasing', MINUTE);
    // A crash right after the order's transaction: the record says `ordered`, the reservation is only live.
    const ordered = harness.cart.checkouts.seed(
      { id: 'stale-ordered', userId: 7, state: 'ordered', lines: PRICED_LINES, cartVersion: 1, orderId: 99 },
      MINUTE,
    );
    harness.catalog.reservations.set(ordered.id, { id: ordered.id, lines: LINES, state: 'live' });
    leftBehind(harness, 'live-attempt', 'reserving', 0);

    const recovery = recoveryOn(harness, 10_000);
    expect(await recovery.tick()).toBe(3);
    expect(harness.cart.checkouts.stateOf('stale-reserving')).toBe('open');
    expect(harness.cart.checkouts.stateOf('stale-releasing')).toBe('open');
    expect(harness.cart.checkouts.stateOf('stale-ordered')).toBe('completed');
    expect(harness.catalog.reservations.get('stale-ordered')?.state).toBe('committed');
    expect(harness.catalog.holding()).toEqual(['live-attempt']);
    expect(await recovery.tick()).toBe(0);
  });

  it('tick() never throws when the cart service is down: the look waits for the next tick', async () => {
    const started = await signedInWithCart();
    h = started.harness;
    const { harness } = started;
    leftBehind(harness, 'stale-reserving', 'reserving', MINUTE);
    harness.cart.faults.set('GET /checkouts/unfinished', 'fail');
    const recovery = recoveryOn(harness, 10_000);
    expect(await recovery.tick()).toBe(0);
    expect(logged(harness, 'checkout recovery postponed')).toBe(true);
    expect(harness.cart.checkouts.stateOf('stale-reserving')).toBe('reserving');

    harness.cart.faults.clear();
    expect(await recovery.tick()).toBe(1);
    expect(harness.catalog.holding()).toEqual([]);
  });
});
