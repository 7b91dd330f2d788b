import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { FakeMode } from './fake-catalog.js';

interface Line {
  productId: number;
  name: string;
  slug: string;
  image: string;
  unitPriceCents: number;
  currency: string;
  quantity: number;
  stock: number;
}

interface Order {
  id: number;
  userId: number;
  checkoutId: string;
  status: 'placed';
  lines: unknown[];
  itemCount: number;
  totalCents: number;
  currency: string;
  shippingAddress: unknown;
  createdAt: string;
}

/** One request as the fake saw it. */
export interface CartHit {
  method: string;
  url: string;
  userId: string | undefined;
  anonymousCart: string | undefined;
}

/** A cart-service stand-in (docs/cart-and-account.md) on a free port. */
export interface FakeCart {
  url: string;
  /** Every route: normal, 500, or never answering. */
  mode: FakeMode;
  /** `POST /orders`: normal, 500 without creating, or create the order and then never answer. */
  ordersMode: 'ok' | 'fail' | 'create-then-hang';
  /** When set, `PUT /cart/lines` waits for it (to hold a request in flight). */
  gate: Promise<void> | null;
  /** `POST /cart/merge` answers 500 while true. */
  failMerge: boolean;
  carts: Map<string, { lines: Line[]; version: number }>;
  orders: Order[];
  hits: CartHit[];
  /** Hits of a method and path prefix. */
  count(method: string, path: string): number;
  close(): Promise<void>;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** Starts the fake cart service on 127.0.0.1 and a free port. */
export async function startFakeCart(): Promise<FakeCart> {
  const server: FastifyInstance = Fastify({ logger: false, forceCloseConnections: true });
  let closed = false;
  const fake: FakeCart = {
    url: '',
    mode: 'ok',
    ordersMode: 'ok',
    gate: null,
    failMerge: false,
    carts: new Map(),
    orders: [],
    hits: [],
    count: (method, path) => fake.hits.filter((h) => h.method === method && h.url.startsWith(path)).length,
    close: async () => {
      if (closed) return;
      closed = true;
      await server.close();
    },
  };

  const cartOf = (key: string) => {
    let cart = fake.carts.get(key);
    if (!cart) {
      cart = { lines: [], version: 0 };
      fake.carts.set(key, cart);
    }
    return cart;
  };
  const view = (key: string) => {
    const cart = fake.carts.get(key) ?? { lines: [], version: 0 };
    const lines = cart.lines.map(({ stock: _stock, ...line }) => ({
      ...line,
      lineTotalCents: line.unitPriceCents * line.quantity,
    }));
    return {
      cart: {
        lines,
        itemCount: lines.reduce((n, l) => n + l.quantity, 0),
        subtotalCents: lines.reduce((n, l) => n + l.lineTotalCents, 0),
        currency: 'EUR',
        version: cart.version,
      },
    };
  };

  server.addHook('onRequest', async (request, reply) => {
    fake.hits.push({
      method: request.method,
      url: request.url,
      userId: header(request, 'x-user-id'),
      anonymousCart: header(request, 'x-anonymous-cart'),
    });
    if (fake.mode === 'fail')
      return reply.code(500).send({ error: { code: 'INTERNAL_ERROR', message: 'boom' } });
    if (fake.mode === 'hang') await new Promise<never>(() => {});
    if (request.url === '/health') return;
    const userId = header(request, 'x-user-id');
    const anon = header(request, 'x-anonymous-cart');
    if ((userId === undefined) === (anon === undefined)) {
      return reply.code(400).send({ error: { code: 'IDENTITY_REQUIRED', message: 'one identity header' } });
    }
  });
  const keyOf = (request: FastifyRequest) => {
    const userId = header(request, 'x-user-id');
    return userId !== undefined ? `user:${userId}` : `anon:${header(request, 'x-anonymous-cart')}`;
  };

  server.get('/cart', async (request) => view(keyOf(request)));
  server.put('/cart/lines/:productId', async (request, reply) => {
    if (fake.gate) await fake.gate;
    const productId = Number((request.params as { productId: string }).productId);
    const body = request.body as {
      quantity: number;
      mode: 'add' | 'set';
      snapshot?: Omit<Line, 'productId' | 'quantity'>;
    };
    const cart = cartOf(keyOf(request));
    const line = cart.lines.find((l) => l.productId === productId);
    if (body.mode === 'add') {
      if (!body.snapshot) return reply.code(400).send(snapshotRequired());
      const quantity = Math.min((line?.quantity ?? 0) + body.quantity, body.snapshot.stock);
      if (line) Object.assign(line, body.snapshot, { quantity });
      else cart.lines.push({ ...body.snapshot, productId, quantity });
    } else {
      if (!line) return reply.code(400).send(snapshotRequired());
      line.quantity = Math.min(body.quantity, line.stock);
    }
    cart.lines = cart.lines.filter((l) => l.quantity > 0);
    cart.version++;
    return view(keyOf(request));
  });
  server.delete('/cart/lines/:productId', async (request) => {
    const productId = Number((request.params as { productId: string }).productId);
    const cart = cartOf(keyOf(request));
    cart.lines = cart.lines.filter((l) => l.productId !== productId);
    cart.version++;
    return view(keyOf(request));
  });
  server.post('/cart/merge', async (request, reply) => {
    if (fake.failMerge) return reply.code(500).send({ error: { code: 'INTERNAL_ERROR', message: 'merge' } });
    const { anonymousCartId } = request.body as { anonymousCartId: string };
    const anon = fake.carts.get(`anon:${anonymousCartId}`);
    const cart = cartOf(keyOf(request));
    for (const line of anon?.lines ?? []) {
      const mine = cart.lines.find((l) => l.productId === line.productId);
      if (mine) mine.quantity = Math.min(mine.quantity + line.quantity, line.stock);
      else cart.lines.push({ ...line });
    }
    fake.carts.delete(`anon:${anonymousCartId}`);
    cart.version++;
    return view(keyOf(request));
  });
  server.post('/orders', async (request, reply) => {
    if (fake.ordersMode === 'fail')
      return reply.code(500).send({ error: { code: 'INTERNAL_ERROR', message: 'x' } });
    const userId = Number(header(request, 'x-user-id'));
    const body = request.body as {
      checkoutId: string;
      lines: Array<{ unitPriceCents: number; quantity: number }>;
      shippingAddress: unknown;
      expectedCartVersion: number;
    };
    const existing = fake.orders.find((o) => o.checkoutId === body.checkoutId);
    if (existing) return { order: existing };
    const cart = cartOf(`user:${userId}`);
    if (cart.version !== body.expectedCartVersion) {
      return reply.code(409).send({ error: { code: 'CART_CHANGED', message: 'cart changed' } });
    }
    const order: Order = {
      id: fake.orders.length + 1,
      userId,
      checkoutId: body.checkoutId,
      status: 'placed',
      // Like the real service: each line carries its total.
      lines: body.lines.map((line) => ({ ...line, lineTotalCents: line.unitPriceCents * line.quantity })),
      itemCount: body.lines.reduce((n, l) => n + l.quantity, 0),
      totalCents: body.lines.reduce((n, l) => n + l.quantity * l.unitPriceCents, 0),
      currency: 'EUR',
      shippingAddress: body.shippingAddress,
      createdAt: new Date().toISOString(),
    };
    fake.orders.push(order);
    cart.lines = [];
    cart.version++;
    if (fake.ordersMode === 'create-then-hang') await new Promise<never>(() => {});
    return reply.code(201).send({ order });
  });
  server.get('/orders', async (request) => {
    const userId = Number(header(request, 'x-user-id'));
    return { orders: fake.orders.filter((o) => o.userId === userId).reverse() };
  });
  server.get('/orders/by-checkout/:checkoutId', async (request, reply) => {
    const userId = Number(header(request, 'x-user-id'));
    const { checkoutId } = request.params as { checkoutId: string };
    const order = fake.orders.find((o) => o.checkoutId === checkoutId && o.userId === userId);
    return order ? { order } : reply.code(404).send({ error: { code: 'ORDER_NOT_FOUND', message: 'none' } });
  });
  server.get('/orders/:id', async (request, reply) => {
    const userId = Number(header(request, 'x-user-id'));
    const id = Number((request.params as { id: string }).id);
    const order = fake.orders.find((o) => o.id === id && o.userId === userId);
    return order ? { order } : reply.code(404).send({ error: { code: 'ORDER_NOT_FOUND', message: 'none' } });
  });

  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('fake cart has no TCP address');
  fake.url = `http://127.0.0.1:${address.port}`;
  return fake;
}

/** What the real cart service answers for a product that is not in the cart, sent without its snapshot. */
function snapshotRequired() {
  return {
    error: {
      code: 'SNAPSHOT_REQUIRED',
      message: 'This product is not in the cart yet: send its snapshot.',
      field: 'snapshot',
    },
  };
}
