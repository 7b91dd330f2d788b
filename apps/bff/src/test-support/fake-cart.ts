// A cart-service stand-in (docs/cart-and-account.md) on a free port: carts with the service's ledger on keyed
// writes, orders gated on the checkout record, and the checkout records themselves (fake-checkouts.ts).
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { CHECKOUT_ID, FakeCheckouts } from './fake-checkouts.js';
import { type CredentialLog, checkServiceCredential } from './fake-credential.js';
import { FakeEventFeed } from './fake-event-feed.js';
import { type FakeMode, installFaults, RouteFaults } from './fake-faults.js';
import { errorOf, FakeLedger } from './fake-ledger.js';

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

export interface FakeOrder {
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
  idempotencyKey: string | undefined;
}

/** A cart-service stand-in on a free port. */
export interface FakeCart {
  url: string;
  /** Every route: normal, 500, or never answering. */
  mode: FakeMode;
  /** Per-route faults, e.g. `faults.set('POST /orders', 'hang-after')`, and gates (`faults.hold(route)`). */
  faults: RouteFaults;
  /** Keyed cart writes, per owner and key, as the service stores them. */
  ledger: FakeLedger;
  checkouts: FakeCheckouts;
  carts: Map<string, { lines: Line[]; version: number }>;
  orders: FakeOrder[];
  hits: CartHit[];
  /** Requests refused for a missing or invalid BFF credential (none, when the BFF signs them all). */
  credentials: CredentialLog;
  /** Its outbox, served as `GET /events` (publish into it to feed the events view). */
  feed: FakeEventFeed;
  /** `GET`/`PUT /settings/checkout-mode`'s value. */
  checkoutMode: 'orchestrated' | 'choreographed';
  /** Hits of a method and path prefix. */
  count(method: string, path: string): number;
  close(): Promise<void>;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** Routes that need no identity header (the recovery's sweep). */
// `/events`: the outbox feed is the service's, not a shopper's (the real one reads no identity there either);
// likewise its consumers' state and its settings.
const NO_IDENTITY = new Set([
  '/health',
  '/checkouts/unfinished',
  '/events',
  '/events/consumers',
  '/settings/checkout-mode',
]);

/** Starts the fake cart service on 127.0.0.1 and a free port. */
export async function startFakeCart(): Promise<FakeCart> {
  const server: FastifyInstance = Fastify({ logger: false, forceCloseConnections: true });
  let closed = false;
  const fake: FakeCart = {
    url: '',
    mode: 'ok',
    faults: new RouteFaults(),
    ledger: new FakeLedger(),
    checkouts: new FakeCheckouts(),
    carts: new Map(),
    orders: [],
    hits: [],
    credentials: { refused: [] },
    feed: new FakeEventFeed(),
    checkoutMode: 'orchestrated',
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

  checkServiceCredential(server, { publicReads: false }, fake.credentials);
  server.addHook('onRequest', async (request, reply) => {
    fake.hits.push({
      method: request.method,
      url: request.url,
      userId: header(request, 'x-user-id'),
      anonymousCart: header(request, 'x-anonymous-cart'),
      idempotencyKey: header(request, 'idempotency-key'),
    });
    if (NO_IDENTITY.has(request.url.split('?')[0] ?? '')) return;
    const userId = header(request, 'x-user-id');
    const anon = header(request, 'x-anonymous-cart');
    if ((userId === undefined) === (anon === undefined)) {
      return reply.code(400).send(errorOf('IDENTITY_REQUIRED', 'one identity header'));
    }
  });
  installFaults(server, fake.faults, () => fake.mode);
  fake.feed.serve(server);
  server.get('/settings/checkout-mode', async () => ({ mode: fake.checkoutMode }));
  server.put<{ Body: { mode: unknown } }>('/settings/checkout-mode', async (request, reply) => {
    const { mode } = request.body;
    if (mode !== 'orchestrated' && mode !== 'choreographed') {
      return reply.code(400).send(errorOf('INVALID_REQUEST', 'mode must be orchestrated or choreographed'));
    }
    fake.checkoutMode = mode;
    return { mode };
  });

  // The owner key, as the service scopes carts and idempotency keys.
  const ownerOf = (request: FastifyRequest) => {
    const userId = header(request, 'x-user-id');
    return userId !== undefined ? `user:${userId}` : `anon:${header(request, 'x-anonymous-cart')}`;
  };

  server.get('/cart', async (request) => view(ownerOf(request)));
  server.put('/cart/lines/:productId', async (request, reply) => {
    const productId = Number((request.params as { productId: string }).productId);
    const body = request.body as {
      quantity: number;
      mode: 'add' | 'set';
      snapshot?: Omit<Line, 'productId' | 'quantity'>;
    };
    const owner = ownerOf(request);
    // Like the service: the snapshot is not part of the fingerprint (the BFF reads it again on each retry).
    const scope = { caller: owner, fingerprint: { mode: body.mode, quantity: body.quantity } };
    return fake.ledger.answer(request, reply, scope, () => {
      const cart = cartOf(owner);
      const line = cart.lines.find((l) => l.productId === productId);
      if (body.mode === 'add') {
        if (!body.snapshot) return snapshotRequired();
        const quantity = Math.min((line?.quantity ?? 0) + body.quantity, body.snapshot.stock);
        if (line) Object.assign(line, body.snapshot, { quantity });
        else cart.lines.push({ ...body.snapshot, productId, quantity });
      } else {
        if (!line) return snapshotRequired();
        line.quantity = Math.min(body.quantity, line.stock);
      }
      cart.lines = cart.lines.filter((l) => l.quantity > 0);
      cart.version++;
      return { status: 200, body: view(owner) };
    });
  });
  server.delete('/cart/lines/:productId', async (request, reply) => {
    const productId = Number((request.params as { productId: string }).productId);
    const owner = ownerOf(request);
    return fake.ledger.answer(request, reply, { caller: owner, fingerprint: null }, () => {
      const cart = cartOf(owner);
      cart.lines = cart.lines.filter((l) => l.productId !== productId);
      cart.version++;
      return { status: 200, body: view(owner) };
    });
  });
  server.post('/cart/merge', async (request, reply) => {
    const owner = ownerOf(request);
    const body = request.body as { anonymousCartId: string };
    return fake.ledger.answer(request, reply, { caller: owner, fingerprint: body }, () => {
      const anon = fake.carts.get(`anon:${body.anonymousCartId}`);
      const cart = cartOf(owner);
      for (const line of anon?.lines ?? []) {
        const mine = cart.lines.find((l) => l.productId === line.productId);
        if (mine) mine.quantity = Math.min(mine.quantity + line.quantity, line.stock);
        else cart.lines.push({ ...line });
      }
      fake.carts.delete(`anon:${body.anonymousCartId}`);
      cart.version++;
      return { status: 200, body: view(owner) };
    });
  });

  server.post('/orders', async (request, reply) => {
    const userId = Number(header(request, 'x-user-id'));
    const body = request.body as {
      checkoutId: string;
      lines: Array<{ unitPriceCents: number; quantity: number }>;
      shippingAddress: unknown;
      expectedCartVersion: number;
    };
    if (!CHECKOUT_ID.test(body.checkoutId) || !Array.isArray(body.lines) || body.lines.length === 0) {
      return reply.code(400).send(errorOf('INVALID_REQUEST', 'invalid order'));
    }
    // The real order's transaction: replay, then the checkout's gate, then the cart's version.
    const previous = fake.orders.find((o) => o.checkoutId === body.checkoutId);
    if (previous) {
      if (previous.userId !== userId) {
        return reply.code(409).send(errorOf('CHECKOUT_ID_CONFLICT', 'checkoutId used by another order'));
      }
      return { order: previous };
    }
    const refused = fake.checkouts.orderGate(body.checkoutId, userId);
    if (refused) {
      const details = refused.state === undefined ? {} : { state: refused.state };
      return reply
        .code(refused.status)
        .send(errorOf(refused.code, 'no order for this checkout now', details));
    }
    const cart = cartOf(`user:${userId}`);
    if (cart.version !== body.expectedCartVersion) {
      return reply.code(409).send(errorOf('CART_CHANGED', 'cart changed', { cartVersion: cart.version }));
    }
    const order: FakeOrder = {
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
    fake.checkouts.markOrdered(body.checkoutId, order.id);
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
    return order ? { order } : reply.code(404).send(errorOf('ORDER_NOT_FOUND', 'none'));
  });
  server.get('/orders/:id', async (request, reply) => {
    const userId = Number(header(request, 'x-user-id'));
    const id = Number((request.params as { id: string }).id);
    const order = fake.orders.find((o) => o.id === id && o.userId === userId);
    return order ? { order } : reply.code(404).send(errorOf('ORDER_NOT_FOUND', 'none'));
  });
  fake.checkouts.routes(server, (id) => fake.orders.find((o) => o.checkoutId === id));

  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('fake cart has no TCP address');
  fake.url = `http://127.0.0.1:${address.port}`;
  return fake;
}

/** What the real cart service answers for a product that is not in the cart, sent without its snapshot. */
function snapshotRequired() {
  return {
    status: 400,
    body: errorOf('SNAPSHOT_REQUIRED', 'This product is not in the cart yet: send its snapshot.', {
      field: 'snapshot',
    }),
  };
}
