// Before and after the checkout traffic of `chaos run`: fresh shoppers signed up through the shell's origin (as
// the account remote does: `POST /api/account/signup` sets the session cookie), the products they buy (the most
// stocked ones), their stock read one by one (`GET /api/catalog/products/:id`), and at the end each shopper's
// orders (`GET /api/orders`), which also show orders whose answer never arrived.
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ChaosError } from './chaos-api.mjs';
import { sleepUntil } from './chaos-duration.mjs';
import { isRecord } from './chaos-faults.mjs';
import { createShopper } from './chaos-shop.mjs';

/** How many products the shoppers buy: a few, so that each one's stock moves visibly. */
export const PRODUCTS_USED = 3;

/** @typedef {import('./chaos-shop.mjs').Shopper} Shopper */
/** @typedef {{ id: number, name: string }} ProductRef */
/**
 * An order as answered; `status` and the times when the answer has them (a choreographed order's `pending` turns
 * `confirmed` or `rejected`, and `updatedAt` says when).
 * @typedef {{ id: number, lines: { productId: number, quantity: number }[], status?: string, createdAt?: string,
 *   updatedAt?: string }} OrderSeen
 */

/**
 * Reads an order out of an answer (`{ order }` of a checkout, an item of `{ orders }`).
 * @param {unknown} raw
 * @returns {OrderSeen | null}
 */
export function orderOf(raw) {
  if (!isRecord(raw) || typeof raw.id !== 'number' || !Array.isArray(raw.lines)) return null;
  const lines = raw.lines.flatMap((l) =>
    isRecord(l) && typeof l.productId === 'number' && typeof l.quantity === 'number'
      ? [{ productId: l.productId, quantity: l.quantity }]
      : [],
  );
  /** @type {OrderSeen} */
  const order = { id: raw.id, lines };
  if (typeof raw.status === 'string') order.status = raw.status;
  if (typeof raw.createdAt === 'string') order.createdAt = raw.createdAt;
  if (typeof raw.updatedAt === 'string') order.updatedAt = raw.updatedAt;
  return order;
}

/**
 * Signs up `count` fresh shoppers; each keeps its session cookie. A sign-up is retried (same key) for 15 s.
 * @param {{ base: string, count: number, timeoutMs: number }} opts
 * @returns {Promise<Shopper[]>}
 */
export async function signUpShoppers({ base, count, timeoutMs }) {
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const deadline = performance.now() + 15_000;
  const cutOff = new AbortController().signal;
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const shopper = createShopper({ base, timeoutMs });
      const body = {
        email: `chaos-${run}-${i + 1}@example.com`,
        password: randomUUID(),
        name: `Chaos shopper ${i + 1}`,
      };
      const result = await shopper.keyed('POST', '/api/account/signup', body, {
        deadline: () => deadline,
        cutOff,
      });
      if (result.outcome !== 'ok') {
        const { status, code } = result.answer;
        throw new ChaosError(
          'SIGNUP_FAILED',
          `could not sign up a shopper (POST /api/account/signup: ${status === 0 ? code : `HTTP ${status} ${code ?? ''}`.trim()})`,
        );
      }
      return shopper;
    }),
  );
}

/**
 * The products to buy: the most stocked of the first page, live (not a saved copy).
 * @param {Shopper} shopper
 * @returns {Promise<ProductRef[]>}
 */
export async function chooseProducts(shopper) {
  const answer = await shopper.send('GET', '/api/catalog/products?pageSize=48');
  if (
    answer.status !== 200 ||
    answer.degraded ||
    !isRecord(answer.body) ||
    !Array.isArray(answer.body.items)
  ) {
    throw new ChaosError(
      'CATALOG_UNAVAILABLE',
      `GET /api/catalog/products did not answer live products (HTTP ${answer.status}${answer.degraded ? ', degraded' : ''})`,
    );
  }
  const inStock = answer.body.items
    .filter((p) => isRecord(p) && typeof p.id === 'number' && typeof p.stock === 'number' && p.stock > 0)
    .map((p) => /** @type {{ id: number, name: unknown, stock: number }} */ (p))
    .sort((a, b) => b.stock - a.stock)
    .slice(0, PRODUCTS_USED);
  if (inStock.length === 0) {
    throw new ChaosError('NO_STOCK', 'no product is in stock; delete .data to start again from the seed');
  }
  return inStock.map((p) => ({ id: p.id, name: typeof p.name === 'string' ? p.name : `#${p.id}` }));
}

/**
 * Each product's stock, live; null for one that could not be read within `tries` attempts (1 s apart).
 * @param {Shopper} shopper
 * @param {ProductRef[]} products
 * @param {number} tries
 * @returns {Promise<Map<number, number | null>>}
 */
export async function readStock(shopper, products, tries) {
  /** @type {Map<number, number | null>} */
  const stock = new Map();
  const never = new AbortController().signal;
  for (const { id } of products) {
    /** @type {number | null} */
    let value = null;
    for (let attempt = 1; attempt <= tries && value === null; attempt += 1) {
      if (attempt > 1) await sleepUntil(performance.now() + 1000, never);
      const answer = await shopper.send('GET', `/api/catalog/products/${id}`);
      const product = isRecord(answer.body) && isRecord(answer.body.product) ? answer.body.product : null;
      // A saved copy would report the stock of an earlier time.
      if (answer.status === 200 && !answer.degraded && typeof product?.stock === 'number')
        value = product.stock;
    }
    stock.set(id, value);
  }
  return stock;
}

/**
 * Every shopper's orders, by id; null when one list could not be read (then only answered orders count).
 * @param {Shopper[]} shoppers
 * @returns {Promise<Map<number, OrderSeen> | null>}
 */
export async function readOrders(shoppers) {
  /** @type {Map<number, OrderSeen>} */
  const orders = new Map();
  for (const shopper of shoppers) {
    const answer = await shopper.send('GET', '/api/orders');
    if (
      answer.status !== 200 ||
      answer.degraded ||
      !isRecord(answer.body) ||
      !Array.isArray(answer.body.orders)
    ) {
      return null;
    }
    for (const raw of answer.body.orders) {
      const order = orderOf(raw);
      if (order) orders.set(order.id, order);
    }
  }
  return orders;
}
