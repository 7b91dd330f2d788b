// The choreographed checkout across the catalog and the cart, on each transport: nobody calls anybody — the cart
// places a pending order and publishes OrderPlaced, the catalog reserves and answers with an event, the cart
// confirms or rejects, the catalog commits. Redelivery and a consumer that was down change nothing but time.
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { startNatsServer } from '@storefront/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Pair, startPair, type Transport } from './services.js';
import { feedOf, orderOf, placeOrder, settled, stockOf } from './shop.js';

// A real nats-server for the NATS transport (`npm test` installs Debian's package when missing).
const nats = await startNatsServer();
afterAll(async () => nats.stop());

const TRANSPORTS: Transport[] = [
  { name: 'feed', options: {} },
  { name: 'nats', options: { natsUrl: nats.url }, forgetConsumers: () => deleteDurables(nats.url) },
];

/** Deletes the services' durable consumers: JetStream delivers the whole stream to their successors. */
async function deleteDurables(url: string): Promise<void> {
  const nc = await connect({ servers: url });
  const jsm = await jetstreamManager(nc);
  for (const durable of ['catalog_orders', 'cart_stock'])
    await jsm.consumers.delete('STOREFRONT_EVENTS', durable);
  await nc.close();
}

/** Products of the seed with enough stock (ids 1–4). */
const MUG = 1;
const SCARCE = 2;

describe.each(TRANSPORTS)('choreographed checkout over the $name transport', (transport) => {
  let pair: Pair;

  beforeAll(async () => {
    pair = await startPair(transport);
  });
  afterAll(async () => pair?.close());

  it('confirms a pending order once the catalog reserved its stock, and commits that stock', async () => {
    const before = await stockOf(pair, MUG);
    const pending = await placeOrder(pair, 1, MUG, 2);
    expect(pending.status).toBe('pending');
    const [confirmed] = await settled(pair, 1, [pending]);
    expect(confirmed?.status).toBe('confirmed');
    // The chain: OrderPlaced → StockReserved → OrderConfirmed → StockCommitted, each caused by the one before.
    await expect.poll(async () => (await stockOf(pair, MUG)).held, { timeout: 5000 }).toBe(0);
    expect((await stockOf(pair, MUG)).stock).toBe(before.stock - 2);
    const cartEvents = (await feedOf(pair, 'cart')).filter((e) => e.correlationId === pending.checkoutId);
    const catalogEvents = (await feedOf(pair, 'catalog')).filter(
      (e) => e.correlationId === pending.checkoutId,
    );
    const placed = cartEvents.find((e) => e.type === 'OrderPlaced');
    const reserved = catalogEvents.find((e) => e.type === 'StockReserved');
    const confirmedEvent = cartEvents.find((e) => e.type === 'OrderConfirmed');
    const committed = catalogEvents.find((e) => e.type === 'StockCommitted');
    expect(reserved?.causationId).toBe(placed?.id);
    expect(confirmedEvent?.causationId).toBe(reserved?.id);
    expect(committed?.causationId).toBe(confirmedEvent?.id);
  });

  it('rejects an order the stock cannot cover, taking nothing', async () => {
    const before = await stockOf(pair, SCARCE);
    const pending = await placeOrder(pair, 2, SCARCE, before.stock + 1);
    const [rejected] = await settled(pair, 2, [pending]);
    expect(rejected?.status).toBe('rejected');
    expect(rejected?.rejection?.code).toBe('INSUFFICIENT_STOCK');
    expect(await stockOf(pair, SCARCE)).toEqual(before);
    const types = (await feedOf(pair, 'catalog'))
      .filter((e) => e.correlationId === pending.checkoutId)
      .map((e) => e.type);
    expect(types).toEqual(['StockReservationFailed']);
  });

  it('confirms every order placed while the catalog was down once it is back, none twice', async () => {
    const before = await stockOf(pair, MUG);
    await pair.catalog.stop();
    const pending = [];
    for (let i = 0; i < 5; i++) pending.push(await placeOrder(pair, 3, MUG, 1));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await Promise.all(pending.map((o) => orderOf(pair, 3, o.id)))).map((o) => o.status)).toEqual(
      Array(5).fill('pending'),
    );
    await pair.catalog.start();
    const final = await settled(pair, 3, pending);
    expect(final.map((o) => o.status)).toEqual(Array(5).fill('confirmed'));
    await expect
      .poll(async () => stockOf(pair, MUG), { timeout: 5000 })
      .toEqual({ stock: before.stock - 5, held: 0 });
  });

  it('changes nothing when every event is delivered again', async () => {
    const order = await placeOrder(pair, 4, MUG, 1);
    await settled(pair, 4, [order]);
    await expect.poll(async () => (await stockOf(pair, MUG)).held, { timeout: 5000 }).toBe(0);
    const stock = await stockOf(pair, MUG);
    const catalogEvents = (await feedOf(pair, 'catalog')).length;
    const cartEvents = (await feedOf(pair, 'cart')).length;
    // Forget where both consumers are (the feed's saved positions, NATS's durable consumers): each receives its
    // source's events from the start again.
    for (const service of [pair.catalog, pair.cart]) {
      service.exec("UPDATE consumer_positions SET position = 0 WHERE consumer NOT LIKE 'relay:%'");
      await service.stop();
    }
    await transport.forgetConsumers?.();
    await pair.catalog.start();
    await pair.cart.start();
    // Every order event of the cart reaches the catalog again (handled counts the duplicates it skipped).
    const orderEvents = (await feedOf(pair, 'cart')).filter(
      (e) => e.type === 'OrderPlaced' || e.type === 'OrderConfirmed',
    );
    await expect
      .poll(async () => {
        const answer = await call<{ consumers: Array<{ lag: number | null; handled: number }> }>(
          pair.catalog,
          'GET',
          '/events/consumers',
        );
        const [consumer] = answer.json.consumers;
        return consumer?.lag === 0 && consumer.handled >= orderEvents.length;
      })
      .toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await stockOf(pair, MUG)).toEqual(stock);
    expect((await feedOf(pair, 'catalog')).length).toBe(catalogEvents);
    expect((await feedOf(pair, 'cart')).length).toBe(cartEvents);
  });
});
