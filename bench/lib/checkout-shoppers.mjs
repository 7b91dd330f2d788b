// Shoppers that buy in a loop through the shell's origin, as a browser would: each signs up once (its session
// cookie), then adds one unit to its cart and checks out, again and again, each write with its own Idempotency-Key.
// A lean client (node:http, one kept-alive connection per shopper): the load generator shares the two cores with
// the stack it measures, so it must cost as little CPU as it can.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * @typedef {object} Answer
 * @property {number} status  0 when no answer came
 * @property {string} body
 */

/**
 * One shopper: its cookies and its connection.
 * @param {string} base the shell's origin, e.g. http://127.0.0.1:41234
 */
export function createShopper(base) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  /** @type {Map<string, string>} */
  const cookies = new Map();

  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} body sent as JSON
   * @param {string} [key] Idempotency-Key
   * @returns {Promise<Answer>}
   */
  function send(method, path, body, key) {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    /** @type {Record<string, string>} */
    const headers = { accept: 'application/json' };
    // Writes are JSON, a body-less one included (the BFF's cross-site guard refuses other POST/PUT/PATCH).
    if (payload !== undefined || method !== 'GET') headers['content-type'] = 'application/json';
    if (cookies.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (key) headers['idempotency-key'] = key;
    return new Promise((resolve) => {
      const req = http.request(`${base}${path}`, { method, headers, agent, timeout: 30_000 }, (res) => {
        for (const line of res.headers['set-cookie'] ?? []) {
          const [pair = ''] = line.split(';');
          const at = pair.indexOf('=');
          if (at > 0) cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
        }
        /** @type {Buffer[]} */
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', () => resolve({ status: 0, body: '' }));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve({ status: 0, body: '' }));
      req.end(payload);
    });
  }

  return { send, close: () => agent.destroy() };
}

/** @typedef {ReturnType<typeof createShopper>} Shopper */

/**
 * The wait a 503 asks for (its `retryAfterMs`), 1 s when it says nothing, at most 10 s.
 * @param {string} body
 * @returns {number}
 */
function retryAfterMs(body) {
  try {
    return Math.min(10_000, Number(JSON.parse(body)?.error?.retryAfterMs) || 1000);
  } catch {
    return 1000;
  }
}

/**
 * Signs up `count` shoppers (each with its own e-mail and session).
 * @param {string} base
 * @param {number} count
 * @returns {Promise<Shopper[]>}
 */
export async function signUpShoppers(base, count) {
  const run = `${Date.now().toString(36)}-${process.pid}`;
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const shopper = createShopper(base);
      const body = {
        email: `bench-${run}-${i + 1}@example.com`,
        password: randomUUID(),
        name: `Bench ${i + 1}`,
      };
      const key = randomUUID();
      let answer = await shopper.send('POST', '/api/account/signup', body, key);
      // On a busy machine the password hashing's own breaker and bulkhead may refuse a burst of sign-ups (503):
      // retried with the same key after the wait the BFF asks for, as a shopper would.
      for (let retry = 0; answer.status === 503 && retry < 5; retry++) {
        await new Promise((r) => setTimeout(r, retryAfterMs(answer.body)));
        answer = await shopper.send('POST', '/api/account/signup', body, key);
      }
      if (answer.status !== 201)
        throw new Error(`sign-up answered ${answer.status}: ${answer.body.slice(0, 200)}`);
      return shopper;
    }),
  );
}

/**
 * @typedef {object} LoopSamples
 * @property {number[]} addMs       times of the adds answered during the measured window
 * @property {number[]} checkoutMs  times of the checkouts answered during the measured window
 * @property {Record<string, number>} addStatuses       count per status (window)
 * @property {Record<string, number>} checkoutStatuses  count per status (window)
 * @property {number} checkouts     checkouts answered 201 during the window
 */

/**
 * Every shopper buys `productIds[i % n]` in a loop until stopped; only answers that arrive while `clock.measuring`
 * is true are counted (a warm-up comes first, and the requests still in flight at the end are not counted).
 * @param {Shopper[]} shoppers
 * @param {number[]} productIds
 * @param {{ measuring: boolean, stopped: boolean }} clock  flipped by the caller
 * @returns {Promise<LoopSamples>} once every shopper has seen `stopped`
 */
export async function shopUntilStopped(shoppers, productIds, clock) {
  /** @type {LoopSamples} */
  const s = { addMs: [], checkoutMs: [], addStatuses: {}, checkoutStatuses: {}, checkouts: 0 };
  /**
   * @param {Shopper} shopper
   * @param {string} path
   * @param {unknown} body
   */
  const timed = async (shopper, path, body) => {
    const t = performance.now();
    const answer = await shopper.send('POST', path, body, randomUUID());
    return { status: answer.status, ms: performance.now() - t, counted: clock.measuring };
  };
  await Promise.all(
    shoppers.map(async (shopper, i) => {
      const productId = /** @type {number} */ (productIds[i % productIds.length]);
      while (!clock.stopped) {
        const add = await timed(shopper, '/api/cart/lines', { productId, quantity: 1 });
        if (add.counted) {
          s.addMs.push(add.ms);
          s.addStatuses[add.status] = (s.addStatuses[add.status] ?? 0) + 1;
        }
        if (clock.stopped) break;
        const checkout = await timed(shopper, '/api/checkout', {});
        if (checkout.counted) {
          s.checkoutMs.push(checkout.ms);
          s.checkoutStatuses[checkout.status] = (s.checkoutStatuses[checkout.status] ?? 0) + 1;
          if (checkout.status === 201) s.checkouts += 1;
        }
        // A shopper whose checkout failed still has the unit in its cart: the next checkout buys both.
        if (add.status === 0 && checkout.status === 0) await new Promise((r) => setTimeout(r, 100));
      }
    }),
  );
  return s;
}
