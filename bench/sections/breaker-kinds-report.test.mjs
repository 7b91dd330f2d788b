import { describe, expect, it } from 'vitest';
import { breakerKindsReport, cellFigures, cellsMarkdown, opensIn } from './breaker-kinds-report.mjs';

const counts = (/** @type {Record<string, number>} */ more = {}) => ({
  successful: 0,
  failed: 0,
  timeout: 0,
  notPermitted: 0,
  rejected: 0,
  fallback: 0,
  retries: 0,
  ...more,
});

/**
 * @param {Partial<import('./breaker-kinds-report.mjs').CellRaw>} [more]
 * @returns {import('./breaker-kinds-report.mjs').CellRaw}
 */
function raw(more = {}) {
  return {
    scenario: 'errors-50',
    kind: 'consecutive, 3 in a row',
    upstream: 'catalog',
    faultS: 30,
    firstOpenMs: 247,
    openPolls: 45,
    polls: 50,
    opensBefore: 1,
    opensAfter: 7,
    countsBefore: counts({ successful: 100, failed: 2, fallback: 1 }),
    countsAfter: counts({ successful: 124, failed: 16, timeout: 2, notPermitted: 300, fallback: 275 }),
    load: {
      url: 'http://127.0.0.1:1/api/catalog/products',
      connections: 10,
      durationS: 30,
      requests: 598,
      rps: 20,
      p50Ms: 1,
      p99Ms: 5,
      maxMs: 9,
      statuses: { 200: 314, 503: 284 },
      errors: 4,
    },
    ...more,
  };
}

describe('section 9 figures', () => {
  it('sums the to="open" transitions of one upstream, whatever state they came from', () => {
    const text = [
      '# HELP bff_circuitbreaker_transitions_total Circuit breaker state transitions',
      '# TYPE bff_circuitbreaker_transitions_total counter',
      'bff_circuitbreaker_transitions_total{upstream="catalog",from="closed",to="open",replica="bff-1"} 2',
      'bff_circuitbreaker_transitions_total{upstream="catalog",from="half-open",to="open",replica="bff-1"} 3',
      'bff_circuitbreaker_transitions_total{upstream="catalog",from="open",to="half-open",replica="bff-1"} 4',
      'bff_circuitbreaker_transitions_total{upstream="cart",from="closed",to="open",replica="bff-1"} 7',
      'bff_circuitbreaker_state{upstream="catalog",replica="bff-1"} 1',
    ].join('\n');
    expect(opensIn(text, 'catalog')).toBe(5);
    expect(opensIn(text, 'cart')).toBe(7);
    expect(opensIn(text, 'account')).toBe(0);
  });

  it('counts attempts, failures, shopper errors and saved copies over the fault only', () => {
    expect(cellFigures(raw())).toEqual({
      scenario: 'errors-50',
      kind: 'consecutive, 3 in a row',
      upstream: 'catalog',
      firstOpenS: 0.247,
      opens: 6,
      openShare: 0.9,
      // 598 answers + 4 connection errors
      shopperRequests: 602,
      // (124 + 16 + 2) − (100 + 2 + 0)
      attempts: 40,
      failedAttempts: 16,
      shortCircuited: 300,
      // 284 × 503 + 4 connection errors; the 274 saved copies are 200s
      shopperErrors: 288,
      savedCopies: 274,
      amplification: 0.0664,
      p99Ms: 5,
    });
  });

  it('says so when the breaker never opened', () => {
    const figures = cellFigures(raw({ firstOpenMs: null, openPolls: 0, opensAfter: 1 }));
    expect(figures).toMatchObject({ firstOpenS: null, opens: 0, openShare: 0 });
    const report = breakerKindsReport({
      cells: [{ label: 'catalog 50 % errors', raw: raw({ firstOpenMs: null, openPolls: 0, opensAfter: 1 }) }],
      ratePerS: 20,
      warmupS: 10,
    });
    expect(report.rows[0]?.text).toMatch(/^never opened · 0 opens \(0 % of the time\)/);
    expect(report.rows[0]?.value).toBeNull();
  });

  it('reports one row per cell and the whole matrix as Markdown', () => {
    const report = breakerKindsReport({
      cells: [
        { label: 'catalog 50 % errors', raw: raw() },
        { label: 'catalog 50 % errors', raw: raw({ kind: 'sampling, > 0.3', firstOpenMs: 5280 }) },
      ],
      ratePerS: 20,
      warmupS: 10,
    });
    expect(report.id).toBe('breaker-kinds');
    expect(report.title).toContain('20 shopper requests/s, 30 s of fault');
    expect(report.rows.map((r) => r.measure)).toEqual([
      'catalog 50 % errors · consecutive, 3 in a row',
      'catalog 50 % errors · sampling, > 0.3',
    ]);
    expect(report.rows[1]?.text).toContain('first open 5.28 s · 6 opens (90 % of the time)');
    expect(report.rows[0]?.text).toContain(
      '40 attempts reached it (16 failed) · 288 shopper errors, 274 saved copies of 602 requests · 0.0664 × amplification · p99 5 ms',
    );
    const md = cellsMarkdown(
      /** @type {{ label: string, figures: import('./breaker-kinds-report.mjs').CellFigures }[]} */ (
        report.details.cells
      ),
    );
    expect(md.split('\n')).toHaveLength(4);
    expect(md).toContain(
      '| catalog 50 % errors | consecutive, 3 in a row | 0.247 s | 6 | 90 % | 40 (16) | 300 | 288 | 274 | 602 | 0.0664 × | 5 ms |',
    );
    expect(report.details.markdown).toBe(md);
  });
});
