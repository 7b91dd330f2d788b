// The small pure figures of section 8: latency summaries, tallies of answers, and what an outage looked like.
import { median, quantile, round } from '../lib/stats.mjs';

/** @typedef {import('./checkout-modes-outage.mjs').OutageRun} OutageRun */

/** @param {number | null | undefined} v */
const f = (v) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : String(round(v)));

/**
 * p50, p99 and max of some times (ms), rounded; nulls when there are none.
 * @param {readonly number[]} times
 */
export function latency(times) {
  const max = times.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
  return {
    p50Ms: round(quantile(times, 0.5)),
    p99Ms: round(quantile(times, 0.99)),
    maxMs: round(max),
    count: times.length,
  };
}

/**
 * How many times each value occurs, as "a × 3, b × 1" (most frequent first).
 * @param {readonly string[]} values
 * @returns {string}
 */
export function tally(values) {
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([v, n]) => `${v} × ${n}`)
    .join(', ');
}

/**
 * What the shoppers saw of one configuration's outage: the answers while the catalog was down, and how the
 * checkouts ended once it was started again.
 * @param {OutageRun} run
 */
export function outageSummary(run) {
  const whileDown = run.orders.flatMap((o) => o.attempts.filter((a) => a.catalogDown));
  const retried = run.orders.flatMap((o) => o.attempts.filter((a) => !a.catalogDown));
  const answer = (/** @type {{ status: number, code: string | null }} */ a) =>
    a.code ? `${a.status} ${a.code}` : String(a.status);
  const afterRestart = run.orders
    .map((o) => o.finalAfterRestartMs)
    .filter(/** @returns {ms is number} */ (ms) => ms !== null);
  return {
    whileDown: {
      answers: tally(whileDown.map(answer)),
      ...latency(whileDown.map((a) => a.answerMs)),
    },
    outcomes: tally(run.orders.map((o) => o.outcome)),
    // Retries sent once the catalog was started again (none for a 202: it is read, not sent again).
    answersAfterRestart: tally(retried.map(answer)),
    breaker: run.breaker
      .map((m) => `${m.to} ${f(m.atMs / 1000)} s${m.reason ? ` (${m.reason})` : ''}`)
      .join(' → '),
    // Final before the catalog was started again (an answer during the outage) counts as 0.
    afterRestartMedianMs: round(median(afterRestart.map((ms) => Math.max(0, ms)))),
    afterRestartMaxMs: round(afterRestart.reduce((a, b) => Math.max(a, b, 0), Number.NEGATIVE_INFINITY)),
    final: run.orders.filter((o) => o.outcome !== 'failed' && o.outcome !== 'pending').length,
    orders: run.orders.length,
  };
}
