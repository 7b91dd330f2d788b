import { describe, expect, it } from 'vitest';
import { checkoutReport } from './checkout-durability-report.mjs';

/**
 * @param {string} config
 * @param {number} round
 * @param {number} checkouts
 * @param {number} p99Ms
 * @returns {import('./checkout-durability.mjs').RunResult}
 */
function run(config, round, checkouts, p99Ms) {
  const figures = { p50Ms: p99Ms / 2, p99Ms, maxMs: p99Ms, count: checkouts };
  /** @type {Record<string, number>} */
  const bffs =
    config === 'durable-2'
      ? { 'bff-1': 500, 'bff-2': 500 }
      : { [config === 'in-memory' ? 'bff' : 'bff-1']: 1000 };
  return {
    config,
    round,
    checkoutsPerS: checkouts / 10,
    checkouts,
    checkout: { ...figures, statuses: { 201: checkouts } },
    add: { ...figures, statuses: { 200: checkouts, 503: round === 2 ? 1 : 0 } },
    cpu: {
      wallMs: 10_000,
      msByProcess: { ...bffs, 'cart-service': 500, shell: 500 },
      loadGeneratorMs: 100,
      machineBusyPct: 90,
    },
    upstreamCalls: { cart: checkouts * 3, catalog: checkouts * 2 },
  };
}

describe('checkout durability report', () => {
  const configs = [
    { id: 'in-memory', label: 'in-memory' },
    { id: 'durable-1', label: 'durable, 1 BFF' },
    { id: 'durable-2', label: 'durable, 2 BFFs' },
  ];
  const runs = [1, 2].flatMap((r) => [
    run('in-memory', r, 1000, 40),
    run('durable-1', r, 800, 60),
    run('durable-2', r, 800, 80),
  ]);
  const baseline = {
    ref: '4839d0f',
    commit: '4839d0f9b461a09d',
    subject: 'docs',
    dir: '/x',
    preparedMs: null,
  };
  const report = checkoutReport({
    baseline,
    configs,
    runs,
    shoppers: 8,
    durationS: 10,
    warmupS: 1,
    stock: 1e6,
    cores: 2,
  });
  const text = (/** @type {string} */ start) => report.rows.find((r) => r.measure.startsWith(start))?.text;

  it('shows every configuration round by round, and the ratios of each round', () => {
    expect(text('checkouts/s')).toBe('r1 100 / 80 / 80 · r2 100 / 80 / 80');
    expect(text('durable ÷ in-memory')).toBe('r1 0.8 × · 1.5 × — r2 0.8 × · 1.5 ×');
    expect(text('2 BFFs ÷ 1 BFF')).toBe('r1 1 × · 1.33 × — r2 1 × · 1.33 ×');
  });

  it('counts answers that are not 201 / 200 over both rounds', () => {
    expect(text('checkouts not 201')).toBe('0 · 1 / 0 · 1 / 0 · 1');
  });

  it('puts both BFF replicas in one group per checkout and says what two cores allow', () => {
    // 1000 ms BFF + 500 cart + 500 shell + 100 load generator per 800 checkouts: 2.63 ms, 2 cores → 762/s.
    expect(text('CPU ms per checkout (add included), durable, 2 BFFs')).toBe(
      'BFF 1.25 · cart 0.625 · shell host 0.625 · load generator 0.125 · total 2.63 → 2 cores allow ≤ 762/s, 2 BFF processes ≤ 1600/s',
    );
    expect(text('BFF → service calls')).toContain('durable, 2 BFFs: cart 3 · catalog 2');
  });
});
