// The choreographed side of the checkout traffic: the pending orders followed until they settle, the section of the
// report with their waits, and the checkout mode switched for the run and put back.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, test } from 'vitest';
import { ChaosError, createChaosClient } from './chaos-api.mjs';
import { checkoutModeLine, enterCheckoutMode } from './chaos-checkout-mode.mjs';
import { checkoutLines, checkoutReport } from './chaos-checkout-report.mjs';
import { choreographyLines, choreographyReport } from './chaos-choreography-report.mjs';
import { createOrderFollower, waitOf } from './chaos-order-follow.mjs';
import { createShopper } from './chaos-shop.mjs';
import { emptyCheckoutStats } from './chaos-shoppers.mjs';

/** @type {(() => Promise<void>)[]} */
const closers = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/**
 * A storefront double answering JSON from `answer(method, path, body)`; records the calls.
 * @param {(method: string, path: string, body: unknown) => [number, unknown]} answer
 */
async function storefront(answer) {
  /** @type {string[]} */
  const calls = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => {
      calls.push(`${req.method} ${req.url}${text ? ` ${text}` : ''}`);
      const [status, body] = answer(req.method ?? 'GET', req.url ?? '/', text ? JSON.parse(text) : null);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${address.port}`, calls };
}

/**
 * A followed order as the follower keeps it.
 * @param {number} id
 * @param {Partial<import('./chaos-order-follow.mjs').FollowedOrder>} [patch]
 * @returns {import('./chaos-order-follow.mjs').FollowedOrder}
 */
const followed = (id, patch = {}) => ({
  id,
  status: 'confirmed',
  answeredStatus: 202,
  waitedMs: 100,
  rejection: null,
  order: id,
  ...patch,
});

describe('choreographyReport', () => {
  test('counts accepted, confirmed, rejected and still pending orders, and the waits of the confirmed', () => {
    const orders = new Map([
      [1, followed(1, { waitedMs: 19_800 })],
      [2, followed(2, { waitedMs: 120 })],
      [3, followed(3, { waitedMs: 17_000 })],
      [4, followed(4, { status: 'rejected', waitedMs: 5, rejection: 'INSUFFICIENT_STOCK' })],
      [5, followed(5, { status: 'pending', waitedMs: null })],
      // A replayed answer already confirmed: accepted earlier, not by this answer.
      [6, followed(6, { answeredStatus: 200, waitedMs: 300 })],
    ]);
    const report = choreographyReport(orders);
    expect(report).toMatchObject({
      accepted: 5,
      confirmed: 4,
      rejected: 1,
      pending: 1,
      medianWaitMs: (300 + 17_000) / 2,
      maxWaitMs: 19_800,
    });
    if (report === null) throw new Error('no report');
    const text = choreographyLines(report).join('\n');
    expect(text).toContain(
      'accepted 5 (202, pending), confirmed 4, rejected 1, still pending 1; wait median 8.7s, max 19.8s',
    );
    expect(text).toMatch(/#1 +confirmed +19\.8s/);
    expect(text).toMatch(/#4 +rejected \(INSUFFICIENT_STOCK\) +5ms/);
    expect(text).toMatch(/#5 +pending +still waiting/);
    expect(text).toContain('in orchestrated mode the same outage fails them fast with 503');
    expect(text).toContain('still pending: 1 order never confirmed nor rejected');
  });

  test('is null without a choreographed order; lists the longest waits when there are many', () => {
    expect(choreographyReport(new Map())).toBeNull();
    const many = new Map(Array.from({ length: 45 }, (_, i) => [i, followed(i, { waitedMs: i * 10 })]));
    const report = choreographyReport(many);
    if (report === null) throw new Error('no report');
    const text = choreographyLines(report).join('\n');
    expect(text).toContain('… 5 more, each waiting less than the ones above');
    expect(text).not.toMatch(/#4 /);
    expect(text).toMatch(/#44 +confirmed +440ms/);
  });

  test('waits are read off the order: createdAt → updatedAt', () => {
    const lines = [{ productId: 1, quantity: 1 }];
    const at = (/** @type {string} */ t) => `2030-01-01T00:00:${t}Z`;
    expect(waitOf({ id: 1, lines, createdAt: at('01.000'), updatedAt: at('19.500') })).toBe(18_500);
    expect(waitOf({ id: 1, lines, createdAt: at('01.000') })).toBeNull();
    expect(waitOf({ id: 1, lines, createdAt: at('05.000'), updatedAt: at('01.000') })).toBeNull();
  });
});

describe('checkoutReport with choreographed orders', () => {
  const products = [{ id: 1, name: 'Lamp' }];
  const line = (/** @type {number} */ quantity) => [{ productId: 1, quantity }];

  test('a rejected order took no stock; every order settled is the good verdict', () => {
    const s = emptyCheckoutStats();
    s.checkouts = 2;
    s.retries = [0, 0];
    s.ordersByKey = new Map([
      ['k1', new Set([10])],
      ['k2', new Set([11])],
    ]);
    s.orders = new Map([
      [10, { id: 10, lines: line(2), status: 'confirmed' }],
      [11, { id: 11, lines: line(3), status: 'rejected' }],
    ]);
    s.followed = new Map([
      [10, followed(10, { waitedMs: 18_000 })],
      [11, followed(11, { status: 'rejected', rejection: 'INSUFFICIENT_STOCK' })],
    ]);
    const mode = {
      mode: 'choreographed',
      previous: 'orchestrated',
      switched: true,
      restored: true,
      problem: null,
    };
    const report = checkoutReport({
      shoppers: 1,
      products,
      before: new Map([[1, 2]]),
      after: new Map([[1, 0]]),
      stats: s,
      listed: new Map(s.orders),
      mode,
    });
    expect(report).toMatchObject({ unitsOrdered: 2, stockReturned: 0, verdict: 'ok' });
    const text = checkoutLines(report).join('\n');
    expect(text).toContain(
      'checkout mode        choreographed (switched from orchestrated, put back at the end)',
    );
    expect(text).toContain('accepted 2 (202, pending), confirmed 1, rejected 1, still pending 0');
    expect(text).toMatch(/every order exactly once and settled, stock conserved$/);
  });

  test('an order still pending at the end breaks the verdict', () => {
    const s = emptyCheckoutStats();
    s.checkouts = 1;
    s.retries = [0];
    s.ordersByKey = new Map([['k1', new Set([10])]]);
    s.orders = new Map([[10, { id: 10, lines: line(1), status: 'pending' }]]);
    s.followed = new Map([[10, followed(10, { status: 'pending', waitedMs: null })]]);
    const report = checkoutReport({
      shoppers: 1,
      products,
      before: new Map([[1, 5]]),
      after: new Map([[1, 4]]),
      stats: s,
      listed: new Map(s.orders),
    });
    expect(report.verdict).toBe('broken');
    expect(checkoutLines(report).join('\n')).toContain('still pending: 1 order never confirmed nor rejected');
  });
});

describe('createOrderFollower', () => {
  test('follows a pending order until it is confirmed, with the wait the order says', async () => {
    let polls = 0;
    const order = {
      id: 7,
      lines: [{ productId: 1, quantity: 1 }],
      createdAt: '2030-01-01T00:00:01.000Z',
    };
    const shop = await storefront((_method, path) => {
      if (path !== '/api/orders/7') return [404, { error: { code: 'NOT_FOUND', message: '' } }];
      polls += 1;
      const done = polls >= 3;
      const status = done ? 'confirmed' : 'pending';
      return [200, { order: { ...order, status, updatedAt: done ? '2030-01-01T00:00:21.250Z' : undefined } }];
    });
    const shopper = createShopper({ base: shop.url, timeoutMs: 2000 });
    const cut = new AbortController();
    const follower = createOrderFollower({
      deadline: () => performance.now() + 10_000,
      cutOff: cut.signal,
      everyMs: 20,
    });
    /** @type {string[]} */
    const settled = [];
    const answer = { status: 202, body: { order: { ...order, status: 'pending' } } };
    follower.track(shopper, { ...order, status: 'pending' }, answer, (status) => settled.push(status));
    // An orchestrated order is not followed.
    follower.track(shopper, { id: 8, lines: [], status: 'placed' }, { status: 201, body: null });
    await follower.finish();
    expect(settled).toEqual(['confirmed']);
    expect([...follower.orders.values()]).toEqual([
      { id: 7, status: 'confirmed', answeredStatus: 202, waitedMs: 20_250, rejection: null, order: 0 },
    ]);
    expect(shop.calls.every((call) => call === 'GET /api/orders/7')).toBe(true);
  });

  test('leaves an order pending once the deadline passes', async () => {
    const order = { id: 9, lines: [], status: 'pending', createdAt: '2030-01-01T00:00:01.000Z' };
    const shop = await storefront(() => [200, { order }]);
    const shopper = createShopper({ base: shop.url, timeoutMs: 2000 });
    const until = performance.now() + 150;
    const follower = createOrderFollower({
      deadline: () => until,
      cutOff: new AbortController().signal,
      everyMs: 20,
    });
    follower.track(shopper, order, { status: 202, body: { order } });
    await follower.finish();
    expect(follower.orders.get(9)).toMatchObject({ status: 'pending', waitedMs: null });
    expect(shop.calls.length).toBeGreaterThan(1);
  });
});

describe('enterCheckoutMode', () => {
  /** A storefront whose checkout mode can be read and switched. */
  async function withMode(/** @type {string} */ initial, { refuseSwitch = false } = {}) {
    let mode = initial;
    const shop = await storefront((method, path, body) => {
      if (path !== '/api/ops/checkout-mode' && path !== '/api/faults/checkout-mode')
        return [404, { error: { code: 'NOT_FOUND', message: '' } }];
      if (method === 'PUT') {
        if (refuseSwitch) return [503, { error: { code: 'UPSTREAM_UNAVAILABLE', message: '' } }];
        mode = /** @type {{ mode: string }} */ (body).mode;
      }
      return [200, { mode, meta: {} }];
    });
    return { shop, client: createChaosClient(shop.url), mode: () => mode };
  }

  test('switches through the BFF and puts the previous mode back once', async () => {
    const { shop, client, mode } = await withMode('orchestrated');
    /** @type {string[]} */
    const log = [];
    const entered = await enterCheckoutMode(client, 'choreographed', (l) => log.push(l));
    expect(mode()).toBe('choreographed');
    expect(log).toEqual(['checkout mode switched from orchestrated to choreographed (put back at the end)']);
    const state = await entered.restore();
    await entered.restore();
    expect(mode()).toBe('orchestrated');
    expect(state).toEqual({
      mode: 'choreographed',
      previous: 'orchestrated',
      switched: true,
      restored: true,
      problem: null,
    });
    expect(shop.calls).toEqual([
      'GET /api/ops/checkout-mode',
      'PUT /api/faults/checkout-mode {"mode":"choreographed"}',
      'PUT /api/faults/checkout-mode {"mode":"orchestrated"}',
    ]);
  });

  test('touches nothing when the mode is already set', async () => {
    const { shop, client } = await withMode('choreographed');
    const entered = await enterCheckoutMode(client, 'choreographed', () => {});
    const state = await entered.restore();
    expect(state).toMatchObject({ switched: false, restored: null });
    expect(checkoutModeLine(state)).toBe('  checkout mode        choreographed (already set before the run)');
    expect(shop.calls).toEqual(['GET /api/ops/checkout-mode']);
  });

  test('fails before the run when the mode cannot be switched (CHECKOUT_MODE_UNAVAILABLE)', async () => {
    const { client } = await withMode('orchestrated', { refuseSwitch: true });
    const run = enterCheckoutMode(client, 'choreographed', () => {});
    await expect(run).rejects.toBeInstanceOf(ChaosError);
    await expect(run).rejects.toMatchObject({
      code: 'CHECKOUT_MODE_UNAVAILABLE',
      message: expect.stringContaining(
        'PUT /api/faults/checkout-mode answered HTTP 503 UPSTREAM_UNAVAILABLE',
      ),
    });
  });
});
