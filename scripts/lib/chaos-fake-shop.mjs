// The shop half of the chaos tests' fake storefront: sign-up with a session cookie, products with stock, a cart
// per user, checkout and orders, with Idempotency-Key replays like the BFF's. A `lost-response` fault on the cart
// target loses that share of the cart's and checkout's answers after the work is done (the socket is destroyed),
// and a killed BFF drops every shop request for a moment, so that the checkout traffic's retries are exercised.
// In the choreographed mode a checkout answers 202 with a pending order, confirmed (or rejected for stock) once the
// catalog is up: while it is held down, adds fail (the BFF prices them live) and orders wait.
import { randomUUID } from 'node:crypto';

/** @typedef {{ id: number, name: string, stock: number, priceCents: number }} FakeProduct */
/** @typedef {{ productId: number, name: string, quantity: number, unitPriceCents: number }} FakeLine */
/**
 * @typedef {{ id: number, checkoutId: string, lines: FakeLine[], itemCount: number, status?: string,
 *   createdAt?: string, updatedAt?: string, rejection?: { code: string, message: string } | null }} FakeOrder
 */
/** @typedef {{ status: number, body: unknown, headers?: Record<string, string> }} FakeAnswer */
/** @typedef {(target: string) => { type: string, options: Record<string, number> } | null} FaultOf */

/** The products the fake sells; the last one is out of stock. */
const PRODUCTS = [
  { id: 1, name: 'Desk lamp', stock: 60, priceCents: 4900 },
  { id: 2, name: 'Notebook', stock: 40, priceCents: 900 },
  { id: 3, name: 'Mug', stock: 30, priceCents: 1200 },
  { id: 4, name: 'Sold-out chair', stock: 0, priceCents: 9900 },
];

/**
 * @param {{ faultOf: FaultOf, idempotent?: boolean }} opts idempotent false: keys are ignored (a broken
 *   storefront, for the tests of duplicate counting)
 */
export function createFakeShop({ faultOf, idempotent = true }) {
  /** @type {FakeProduct[]} */
  const products = PRODUCTS.map((p) => ({ ...p }));
  /** @type {Map<string, number>} e-mail → user id */
  const users = new Map();
  /** @type {Map<string, number>} session token → user id */
  const sessions = new Map();
  /** @type {Map<number, Map<number, number>>} user → product → quantity */
  const carts = new Map();
  /** @type {Map<number, FakeOrder[]>} */
  const orders = new Map();
  /** @type {Map<string, FakeAnswer>} `caller|key` → the first answer */
  const replies = new Map();
  let orderSeq = 0;
  let outageUntil = 0;
  let catalogDownUntil = 0;
  /** @type {FakeOrder[]} choreographed orders waiting for the catalog */
  const pending = [];
  const state = { mode: 'orchestrated' };

  /** The catalog's consumer: settles the pending orders once the catalog is up. */
  const settle = () => {
    if (Date.now() < catalogDownUntil) return;
    for (const order of pending.splice(0)) {
      const short = order.lines.some(
        (l) => (products.find((p) => p.id === l.productId)?.stock ?? 0) < l.quantity,
      );
      if (!short) {
        for (const l of order.lines) {
          const p = products.find((x) => x.id === l.productId);
          if (p) p.stock -= l.quantity;
        }
      }
      order.status = short ? 'rejected' : 'confirmed';
      order.rejection = short ? { code: 'INSUFFICIENT_STOCK', message: 'short' } : null;
      order.updatedAt = new Date().toISOString();
    }
  };
  const counts = { lost: 0, replayed: 0, dropped: 0 };

  const cartOf = (/** @type {number} */ user) => carts.get(user) ?? new Map();
  const cartView = (/** @type {number} */ user) => {
    const lines = [...cartOf(user)].map(([productId, quantity]) => {
      const p = products.find((x) => x.id === productId);
      return { productId, name: p?.name ?? '?', quantity, unitPriceCents: p?.priceCents ?? 0 };
    });
    return {
      cart: { lines, itemCount: lines.reduce((n, l) => n + l.quantity, 0), currency: 'EUR' },
      meta: {},
    };
  };
  const refuse = (/** @type {number} */ status, /** @type {string} */ code) => ({
    status,
    body: { error: { code, message: code.toLowerCase().replaceAll('_', ' ') }, meta: {} },
  });

  /**
   * The answer to one shop route, or null when it is not one.
   * @param {string} method
   * @param {string} path
   * @param {number | null} user
   * @param {Record<string, unknown>} body
   * @returns {FakeAnswer | null}
   */
  function route(method, path, user, body) {
    settle();
    const catalogDown = Date.now() < catalogDownUntil;
    if (method === 'POST' && path === '/api/account/signup') {
      const email = String(body.email);
      if (users.has(email)) return refuse(409, 'EMAIL_TAKEN');
      const id = users.size + 1;
      users.set(email, id);
      const token = randomUUID();
      sessions.set(token, id);
      return {
        status: 201,
        body: { user: { id, email, name: String(body.name) }, meta: {} },
        headers: { 'set-cookie': `sf_session=${token}; Path=/; HttpOnly` },
      };
    }
    const product = /^\/api\/catalog\/products\/(\d+)$/.exec(path);
    if (method === 'GET' && product) {
      if (catalogDown) return refuse(503, 'UPSTREAM_UNAVAILABLE');
      const p = products.find((x) => x.id === Number(product[1]));
      return p
        ? { status: 200, body: { product: { ...p }, meta: { degraded: null } } }
        : refuse(404, 'PRODUCT_NOT_FOUND');
    }
    const shop =
      path === '/api/cart' ||
      path.startsWith('/api/cart/') ||
      path === '/api/checkout' ||
      path === '/api/orders' ||
      path.startsWith('/api/orders/');
    if (!shop) return null;
    if (user === null) return refuse(401, 'AUTH_REQUIRED');
    const cart = cartOf(user);
    carts.set(user, cart);
    if (method === 'GET' && path === '/api/cart') return { status: 200, body: cartView(user) };
    if (method === 'GET' && path === '/api/orders')
      return { status: 200, body: { orders: orders.get(user) ?? [], meta: {} } };
    const one = /^\/api\/orders\/(\d+)$/.exec(path);
    if (method === 'GET' && one) {
      const order = (orders.get(user) ?? []).find((o) => o.id === Number(one[1]));
      return order ? { status: 200, body: { order, meta: {} } } : refuse(404, 'ORDER_NOT_FOUND');
    }
    if (method === 'POST' && path === '/api/cart/lines') {
      if (catalogDown) return refuse(503, 'UPSTREAM_UNAVAILABLE');
      const p = products.find((x) => x.id === body.productId);
      if (!p) return refuse(404, 'PRODUCT_NOT_FOUND');
      if (p.stock === 0) return refuse(409, 'INSUFFICIENT_STOCK');
      cart.set(p.id, Math.min(p.stock, (cart.get(p.id) ?? 0) + Number(body.quantity)));
      return { status: 200, body: cartView(user) };
    }
    const line = /^\/api\/cart\/lines\/(\d+)$/.exec(path);
    if (method === 'DELETE' && line) {
      cart.delete(Number(line[1]));
      return { status: 200, body: cartView(user) };
    }
    if (method === 'POST' && path === '/api/checkout') {
      if (cart.size === 0) return refuse(409, 'CART_EMPTY');
      const lines = cartView(user).cart.lines;
      if (state.mode === 'choreographed') {
        orderSeq += 1;
        const at = new Date().toISOString();
        const itemCount = lines.reduce((n, l) => n + l.quantity, 0);
        const order = { id: orderSeq, checkoutId: randomUUID(), lines, itemCount, status: 'pending' };
        Object.assign(order, { createdAt: at, updatedAt: at });
        orders.set(user, [order, ...(orders.get(user) ?? [])]);
        pending.push(order);
        cart.clear();
        // A copy: the answer shows the order as it was placed, the list as it is now.
        return { status: 202, body: { order: { ...order }, meta: {} } };
      }
      if (lines.some((l) => (products.find((p) => p.id === l.productId)?.stock ?? 0) < l.quantity))
        return refuse(409, 'INSUFFICIENT_STOCK');
      for (const l of lines) {
        const p = products.find((x) => x.id === l.productId);
        if (p) p.stock -= l.quantity;
      }
      orderSeq += 1;
      const order = {
        id: orderSeq,
        checkoutId: randomUUID(),
        lines,
        itemCount: lines.reduce((n, l) => n + l.quantity, 0),
      };
      orders.set(user, [order, ...(orders.get(user) ?? [])]);
      cart.clear();
      return { status: 201, body: { order, meta: {} } };
    }
    return refuse(404, 'NOT_FOUND');
  }

  return {
    products,
    counts,
    /** Every order placed, all users. */
    orders: () => [...orders.values()].flat(),
    /** A killed BFF: shop requests are dropped (no answer) for `ms`. */
    outage(/** @type {number} */ ms) {
      outageUntil = Date.now() + ms;
    },
    /** The catalog held down for `ms`: adds fail, choreographed orders wait. */
    catalogDown(/** @type {number} */ ms) {
      catalogDownUntil = Date.now() + ms;
    },
    /** The checkout mode (`PUT /api/faults/checkout-mode`). */
    get mode() {
      return state.mode;
    },
    set mode(/** @type {string} */ mode) {
      state.mode = mode;
    },
    /**
     * Answers a shop route; false when the path is not one.
     * @param {import('node:http').IncomingMessage} req
     * @param {import('node:http').ServerResponse} res
     * @param {string} path
     * @param {unknown} parsed the JSON body
     * @returns {boolean}
     */
    handle(req, res, path, parsed) {
      const method = req.method ?? 'GET';
      const token = /(?:^|;\s*)sf_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      const user = token === undefined ? null : (sessions.get(token) ?? null);
      const body =
        parsed !== null && typeof parsed === 'object' ? /** @type {Record<string, unknown>} */ (parsed) : {};
      const key = req.headers['idempotency-key'];
      const replyKey = typeof key === 'string' && method !== 'GET' ? `${user ?? 'anon'}|${key}` : null;
      const stored = idempotent && replyKey !== null ? replies.get(replyKey) : undefined;
      let answer = stored;
      if (answer === undefined) {
        // Only writes are dropped by a killed BFF, before any work: reads stay usable for the report.
        if (Date.now() < outageUntil && method !== 'GET') {
          counts.dropped += 1;
          req.socket.destroy();
          return true;
        }
        const fresh = route(method, path, user, body);
        if (fresh === null) return false;
        answer = fresh;
        if (replyKey !== null && fresh.status < 500) replies.set(replyKey, fresh);
      } else counts.replayed += 1;
      const lost = faultOf('cart');
      const isWrite = method !== 'GET' && (path.startsWith('/api/cart') || path === '/api/checkout');
      if (isWrite && lost?.type === 'lost-response' && Math.random() * 100 < (lost.options.percent ?? 100)) {
        // The work is done and stored; only its answer is lost.
        counts.lost += 1;
        req.socket.destroy();
        return true;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
      res.end(JSON.stringify(answer.body));
      return true;
    },
  };
}
