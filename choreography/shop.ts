// A shopper of the choreographed checkout, acting on the services as the BFF would, and what the tests read.
import { randomUUID } from 'node:crypto';
import { call, type Pair } from './services.js';

export interface Order {
  id: number;
  checkoutId: string;
  status: 'placed' | 'pending' | 'confirmed' | 'rejected';
  rejection: { code: string; message: string } | null;
  itemCount: number;
}

const snapshot = {
  name: 'Mug',
  slug: 'mug',
  image: '/images/mug.svg',
  unitPriceCents: 1200,
  currency: 'EUR',
};

/** Puts `quantity` of `productId` in the user's cart and places a choreographed order: the pending order. */
export async function placeOrder(
  pair: Pair,
  userId: number,
  productId: number,
  quantity: number,
): Promise<Order> {
  const checkoutId = `chk_${randomUUID()}`;
  const line = await call(pair.cart, 'PUT', `/cart/lines/${productId}`, {
    userId,
    body: { quantity, mode: 'set', snapshot: { ...snapshot, stock: 99 } },
  });
  if (line.status !== 200) throw new Error(`cart line: ${line.status} ${JSON.stringify(line.json)}`);
  const opened = await call(pair.cart, 'PUT', `/checkouts/${checkoutId}`, {
    userId,
    body: { shippingAddress: null },
  });
  if (opened.status !== 201) throw new Error(`open: ${opened.status} ${JSON.stringify(opened.json)}`);
  const placed = await call<{ order: Order }>(pair.cart, 'POST', `/checkouts/${checkoutId}/place`, {
    userId,
    body: {},
  });
  if (placed.status !== 201) throw new Error(`place: ${placed.status} ${JSON.stringify(placed.json)}`);
  return placed.json.order;
}

export async function orderOf(pair: Pair, userId: number, orderId: number): Promise<Order> {
  const answer = await call<{ order: Order }>(pair.cart, 'GET', `/orders/${orderId}`, { userId });
  if (answer.status !== 200) throw new Error(`order ${orderId}: ${answer.status}`);
  return answer.json.order;
}

/** Waits until every order has left `pending`; their final versions. */
export async function settled(
  pair: Pair,
  userId: number,
  orders: Order[],
  timeoutMs = 15_000,
): Promise<Order[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await Promise.all(orders.map((order) => orderOf(pair, userId, order.id)));
    if (now.every((order) => order.status !== 'pending')) return now;
    if (Date.now() > deadline)
      throw new Error(`still pending: ${now.filter((o) => o.status === 'pending').length}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The catalog's stock of a product and the units held by unsettled reservations. */
export async function stockOf(pair: Pair, productId: number): Promise<{ stock: number; held: number }> {
  const answer = await call<{
    products: Array<{ productId: number; stock: number }>;
    reserved: Array<{ productId: number; units: number }>;
  }>(pair.catalog, 'GET', '/stock');
  const stock = answer.json.products.find((p) => p.productId === productId)?.stock ?? Number.NaN;
  const held = answer.json.reserved.find((r) => r.productId === productId)?.units ?? 0;
  return { stock, held };
}

/** Every event a service published, oldest first. */
export async function feedOf(
  pair: Pair,
  which: 'cart' | 'catalog',
): Promise<Array<{ id: string; type: string; correlationId: string; causationId: string | null }>> {
  const answer = await call<{
    events: Array<{ id: string; type: string; correlationId: string; causationId: string | null }>;
  }>(pair[which], 'GET', '/events?limit=500');
  return answer.json.events;
}
