import { describe, expect, it } from 'vitest';
import { latency, outageSummary, tally } from './checkout-modes-figures.mjs';
import { modesReport } from './checkout-modes-report.mjs';

/**
 * @param {number} answerMs
 * @param {Partial<import('./checkout-modes-shoppers.mjs').OrderSample>} [more]
 * @returns {import('./checkout-modes-shoppers.mjs').OrderSample}
 */
function order(answerMs, more = {}) {
  return {
    status: 201,
    answerMs,
    outcome: 'placed',
    seenMs: answerMs,
    recordedMs: answerMs,
    polls: 0,
    orderId: 1,
    sentAt: 0,
    ...more,
  };
}

/**
 * @param {string} config
 * @param {number} round
 * @param {import('./checkout-modes-shoppers.mjs').OrderSample[]} orders
 * @returns {import('./checkout-modes.mjs').ModeRun}
 */
function run(config, round, orders) {
  return {
    config,
    round,
    ordersPerS: orders.length / 10,
    settleMs: config === 'no-wait' ? 400 : null,
    samples: { orders, addStatuses: { 200: orders.length }, checkoutStatuses: { 201: orders.length } },
    cpu: {
      wallMs: 10_000,
      msByProcess: { 'bff-1': 100 * orders.length, 'cart-service': 50 * orders.length },
      loadGeneratorMs: 0,
      machineBusyPct: 50,
    },
  };
}

/** @type {import('./checkout-modes-outage.mjs').OutageRun} */
const choreographedOutage = {
  config: 'choreographed',
  downMs: 5000,
  restartMs: 1500,
  breaker: [],
  orders: [
    {
      attempts: [{ atMs: 10, status: 202, code: null, answerMs: 20, catalogDown: true }],
      outcome: 'confirmed',
      finalAfterRestartMs: 2500,
    },
    {
      attempts: [{ atMs: 12, status: 202, code: null, answerMs: 30, catalogDown: true }],
      outcome: 'confirmed',
      finalAfterRestartMs: 3000,
    },
  ],
};

/** @type {import('./checkout-modes-outage.mjs').OutageRun} */
const orchestratedOutage = {
  config: 'orchestrated',
  downMs: 5000,
  restartMs: 1500,
  breaker: [
    { to: 'open', atMs: 150, reason: '3 consecutive failures' },
    { to: 'half-open', atMs: 5150, reason: '' },
    { to: 'closed', atMs: 5160, reason: 'probe succeeded' },
  ],
  orders: [
    {
      attempts: [
        { atMs: 5, status: 503, code: 'UPSTREAM_UNAVAILABLE', answerMs: 300, catalogDown: true },
        { atMs: 400, status: 503, code: 'UPSTREAM_UNAVAILABLE', answerMs: 2, catalogDown: true },
        { atMs: 6600, status: 201, code: null, answerMs: 40, catalogDown: false },
      ],
      outcome: 'placed',
      finalAfterRestartMs: 140,
    },
    {
      attempts: [{ atMs: 6, status: 0, code: null, answerMs: 30_000, catalogDown: true }],
      outcome: 'failed',
      finalAfterRestartMs: null,
    },
  ],
};

describe('checkout modes report', () => {
  it('sums up latencies, with nulls when there is nothing to sum', () => {
    expect(latency([4, 1, 3, 2])).toEqual({ p50Ms: 2.5, p99Ms: 3.97, maxMs: 4, count: 4 });
    expect(latency([])).toEqual({ p50Ms: null, p99Ms: null, maxMs: null, count: 0 });
  });

  it('tallies values, the most frequent first', () => {
    expect(tally(['503 X', '202', '503 X'])).toBe('503 X × 2, 202 × 1');
    expect(tally([])).toBe('');
  });

  it('counts only the answers sent while the catalog was down, and times the end from its return', () => {
    const s = outageSummary(orchestratedOutage);
    expect(s.whileDown.answers).toBe('503 UPSTREAM_UNAVAILABLE × 2, 0 × 1');
    expect(s.whileDown.maxMs).toBe(30_000);
    expect(s.outcomes).toBe('placed × 1, failed × 1');
    expect(s.final).toBe(1);
    expect(s.afterRestartMaxMs).toBe(140);
    const c = outageSummary(choreographedOutage);
    expect(c.whileDown.answers).toBe('202 × 2');
    expect(c.afterRestartMedianMs).toBe(2750);
    expect(c.afterRestartMaxMs).toBe(3000);
  });

  it('an order final before the catalog was started again counts as 0 in the median, not below', () => {
    const early = {
      ...choreographedOutage,
      orders: choreographedOutage.orders.map((o) => ({ ...o, finalAfterRestartMs: -200 })),
    };
    expect(outageSummary(early).afterRestartMedianMs).toBe(0);
  });

  const configs = [
    { id: 'orchestrated', label: 'orch', mode: 'orchestrated', eventsPollMs: 250, follow: true },
    { id: 'choreographed', label: 'choreo', mode: 'choreographed', eventsPollMs: 250, follow: true },
    { id: 'no-wait', label: 'no wait', mode: 'choreographed', eventsPollMs: 250, follow: false },
  ];
  const followed = (/** @type {number} */ seenMs) =>
    order(10, { status: 202, outcome: 'confirmed', seenMs, recordedMs: seenMs - 20, polls: 3 });
  const notFollowed = order(5, { status: 202, outcome: 'confirmed', seenMs: null, recordedMs: 300 });
  const report = modesReport({
    stacks: [
      { id: 'orchestrated', label: 'orch' },
      { id: 'choreographed', label: 'choreo' },
    ],
    configs,
    runs: [1, 2].flatMap((r) => [
      run('orchestrated', r, [order(20), order(40)]),
      run('choreographed', r, [followed(300), followed(500)]),
      run('no-wait', r, [notFollowed, notFollowed, notFollowed]),
    ]),
    idle: [
      {
        config: 'orchestrated',
        cpu: {
          wallMs: 5000,
          msByProcess: { 'cart-service': 50, 'bff-1': 500 },
          loadGeneratorMs: 0,
          machineBusyPct: 1,
        },
      },
    ],
    outages: [orchestratedOutage, choreographedOutage],
    shoppers: 2,
    durationS: 10,
    warmupS: 1,
    downS: 5,
    stock: 1e6,
    cores: 2,
    followPollMs: 50,
    outageRetryMs: 250,
  });
  const text = (/** @type {string} */ start) => report.rows.find((r) => r.measure.startsWith(start))?.text;

  it('shows every configuration side by side, pooled over the rounds', () => {
    expect(text('checkout answer')).toBe('30 · 40 / 10 · 10 / 5 · 5');
    expect(text('to confirmation, seen')).toBe('30 · 40 / 400 · 500 / — · —');
    expect(text("to confirmation, the order's updatedAt")).toBe('30 · 40 / 380 · 480 / 300 · 300');
    expect(text('confirmed orders/s')).toBe('r1 0.2 / 0.2 / 0.3 · r2 0.2 / 0.2 / 0.3');
    expect(text('not waiting')).toBe('r1 — / — / 400 · r2 — / — / 400');
    expect(text('reads of the pending order')).toBe('— / 3 / 0');
  });

  it("counts the services' CPU at rest per second, and the outage of each stack", () => {
    expect(text("services' CPU at rest")).toBe('orch: 10 · choreo: —');
    expect(text('catalog down, orch: answers')).toBe(
      '503 UPSTREAM_UNAVAILABLE × 2, 0 × 1 · 300 · 29406 · 30000',
    );
    expect(text('catalog down, choreo: checkouts')).toBe('confirmed × 2 · 2750 · 3000');
    expect(text('catalog down, orch: answers after the restart')).toBe('201 × 1');
    expect(text("catalog down, orch: the BFF's catalog breaker")).toBe(
      'open 0.15 s (3 consecutive failures) → half-open 5.15 s → closed 5.16 s (probe succeeded)',
    );
    // Nothing retried and the breaker never moved: no row.
    expect(text('catalog down, choreo: answers after')).toBeUndefined();
    expect(text("catalog down, choreo: the BFF's")).toBeUndefined();
  });

  it('checks the three budgets', () => {
    expect(report.budgets.map((b) => [b.name, b.value, b.pass])).toEqual([
      ['choreographed: to confirmation p99 (poll 250 ms)', 500, true],
      ['orchestrated: slowest checkout while the catalog is down', 30_000, false],
      ['choreographed: last outage order confirmed, after the restart', 3000, true],
    ]);
  });
});
