import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, test } from 'vitest';
import { checkoutLines, checkoutReport } from './chaos-checkout-report.mjs';
import { createShopper, isRetryable } from './chaos-shop.mjs';
import { cartOf, emptyCheckoutStats } from './chaos-shoppers.mjs';

const products = [
  { id: 1, name: 'Lamp' },
  { id: 2, name: 'Mug' },
];

describe('checkoutReport', () => {
  test('every order once and stock conserved', () => {
    const s = emptyCheckoutStats();
    s.checkouts = 3;
    s.retries = [0, 2, 0];
    s.ordersByKey = new Map([
      ['k1', new Set([10])],
      ['k2', new Set([11])],
    ]);
    s.orders = new Map([
      [10, { id: 10, lines: [{ productId: 1, quantity: 2 }] }],
      [11, { id: 11, lines: [{ productId: 2, quantity: 1 }] }],
    ]);
    s.refusals.set('checkout CART_EMPTY', 1);
    s.refusedAfterRetry = 0;
    const report = checkoutReport({
      shoppers: 2,
      products,
      before: new Map([
        [1, 10],
        [2, 5],
      ]),
      after: new Map([
        [1, 8],
        [2, 4],
      ]),
      stats: s,
      listed: new Map(s.orders),
    });
    expect(report).toMatchObject({
      checkouts: 3,
      retries: { total: 2, checkouts: 1, max: 2 },
      ordersPlaced: 2,
      ordersUnanswered: 0,
      duplicates: { keys: 0, cartLines: 0, unanswered: 0, total: 0 },
      unitsOrdered: 3,
      stockReturned: 0,
      verdict: 'ok',
    });
    const text = checkoutLines(report).join('\n');
    expect(text).toContain('checkouts attempted  3 (retried 1, 2 retries, at most 2 for one)');
    expect(text).toContain('refused (4xx)        checkout CART_EMPTY ×1');
    expect(text).toMatch(/#1 Lamp +10 +8 +2 +0/);
    expect(text).toMatch(/every order exactly once, stock conserved$/);
  });

  test('counts two orders for one key, unexplained orders and lines added twice; stock gone missing', () => {
    const s = emptyCheckoutStats();
    s.checkouts = 2;
    s.retries = [1, 1];
    s.abandoned = 1;
    s.addDuplicates = 1;
    s.ordersByKey = new Map([['k1', new Set([10, 11])]]);
    s.orders = new Map([
      [10, { id: 10, lines: [{ productId: 1, quantity: 1 }] }],
      [11, { id: 11, lines: [{ productId: 1, quantity: 1 }] }],
    ]);
    // Two orders nobody was answered: one may be the abandoned checkout's, the other is unexplained.
    const listed = new Map([
      ...s.orders,
      [12, { id: 12, lines: [{ productId: 2, quantity: 1 }] }],
      [13, { id: 13, lines: [{ productId: 2, quantity: 1 }] }],
    ]);
    const report = checkoutReport({
      shoppers: 1,
      products,
      before: new Map([
        [1, 10],
        [2, 5],
      ]),
      after: new Map([
        [1, 7],
        [2, 3],
      ]),
      stats: s,
      listed,
    });
    expect(report.ordersPlaced).toBe(4);
    expect(report.ordersUnanswered).toBe(2);
    expect(report.duplicates).toEqual({ keys: 1, cartLines: 1, unanswered: 1, total: 3 });
    expect(report.stock.map((p) => p.returned)).toEqual([1, 0]);
    expect(report.stockReturned).toBe(1);
    expect(report.verdict).toBe('broken');
    const text = checkoutLines(report).join('\n');
    expect(text).toContain('duplicates: 3');
    expect(text).toContain('stock not conserved: 1 units missing');
  });

  test('stock that cannot be read at the end is unknown, not conserved', () => {
    const report = checkoutReport({
      shoppers: 1,
      products,
      before: new Map([
        [1, 10],
        [2, 5],
      ]),
      after: new Map([
        [1, 10],
        [2, null],
      ]),
      stats: emptyCheckoutStats(),
      listed: null,
    });
    expect(report).toMatchObject({ stockReturned: null, ordersUnanswered: null, verdict: 'unknown' });
    expect(checkoutLines(report).join('\n')).toContain('order lists unreadable');
  });
});

describe('a shopper', () => {
  /** @type {http.Server[]} */
  const servers = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  test('retries a 5xx, a lost answer and a key in use with the same key, and stops at a 4xx', async () => {
    /** @type {string[]} */
    const keys = [];
    let n = 0;
    const server = http.createServer((req, res) => {
      keys.push(String(req.headers['idempotency-key']));
      n += 1;
      if (n === 1) return res.writeHead(503).end('{}');
      if (n === 2) return req.socket.destroy();
      if (n === 3) {
        res.writeHead(409, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: { code: 'IDEMPOTENCY_KEY_IN_USE' } }));
      }
      if (n === 4) {
        res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'sf_session=abc; Path=/' });
        return res.end(JSON.stringify({ cart: { lines: [{ productId: 3, quantity: 2 }] } }));
      }
      res.writeHead(409, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'CART_EMPTY' }, cookie: req.headers.cookie }));
    });
    servers.push(server);
    await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const shopper = createShopper({ base: `http://127.0.0.1:${address.port}`, timeoutMs: 2000 });
    const opts = { deadline: () => performance.now() + 10_000, cutOff: new AbortController().signal };
    const ok = await shopper.keyed('POST', '/api/cart/lines', { productId: 3, quantity: 2 }, opts);
    expect(ok).toMatchObject({ outcome: 'ok', attempts: 4 });
    expect(new Set(keys)).toEqual(new Set([ok.key]));
    expect(cartOf(ok.answer.body)).toEqual(new Map([[3, 2]]));
    const refused = await shopper.keyed('POST', '/api/checkout', {}, opts);
    expect(refused).toMatchObject({
      outcome: 'refused',
      attempts: 1,
      answer: { status: 409, code: 'CART_EMPTY' },
    });
    // The session cookie the first answer set goes with the next request.
    expect(refused.answer.body).toMatchObject({ cookie: 'sf_session=abc' });
    expect(refused.key).not.toBe(ok.key);
  });

  test('gives up at the deadline, and says which answers are worth a retry', async () => {
    const shopper = createShopper({ base: 'http://127.0.0.1:9', timeoutMs: 500 });
    const gaveUp = await shopper.keyed(
      'POST',
      '/api/checkout',
      {},
      {
        deadline: () => performance.now() + 300,
        cutOff: new AbortController().signal,
      },
    );
    expect(gaveUp.outcome).toBe('abandoned');
    expect(gaveUp.answer.status).toBe(0);
    expect(isRetryable({ status: 502, body: null, degraded: false, code: null })).toBe(true);
    expect(isRetryable({ status: 422, body: null, degraded: false, code: 'IDEMPOTENCY_KEY_REUSED' })).toBe(
      false,
    );
  });
});
