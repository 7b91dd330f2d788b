// The pure part of section 9 (which breaker kind, measured): a cell's figures from its raw readings, the opens
// counted in the BFF's metrics, and the section's rows and notes.
import { ratio, round } from '../lib/stats.mjs';

/** The upstream's counters as `/api/resilience` shows them (successful, failed, timeout, notPermitted, fallback…). */
/** @typedef {Record<string, number>} UpstreamCounts */

/**
 * What one cell (one scenario × one breaker kind) read while it ran.
 * @typedef {object} CellRaw
 * @property {string} scenario        e.g. 'flapping'
 * @property {string} kind            the breaker, as the table names it
 * @property {string} upstream        the faulty upstream
 * @property {number} faultS          how long the fault and the measured load lasted
 * @property {number | null} firstOpenMs  from the fault's start to the breaker's first transition to open
 * @property {number} openPolls       polls of /api/resilience that found the breaker open (or half-open)
 * @property {number} polls
 * @property {number} opensBefore     bff_circuitbreaker_transitions_total{to="open"} when the fault started
 * @property {number} opensAfter      … and when the load ended
 * @property {UpstreamCounts} countsBefore  the upstream's counters (/api/resilience) when the fault started
 * @property {UpstreamCounts} countsAfter
 * @property {import('../lib/load.mjs').LoadResult} load  the shoppers' answers during the fault
 */

/**
 * @typedef {object} CellFigures
 * @property {string} scenario
 * @property {string} kind
 * @property {string} upstream
 * @property {number | null} firstOpenS     time to the first open, s (null: it never opened)
 * @property {number} opens
 * @property {number | null} openShare      share of the fault the breaker spent not closed (0–1)
 * @property {number} shopperRequests       answers and connection errors the load generator saw
 * @property {number} attempts              attempts that went out to the failing service (retries included)
 * @property {number} failedAttempts        … of which failed or timed out
 * @property {number} shortCircuited        calls the open breaker answered without the service
 * @property {number} shopperErrors         5xx answers and connection errors (saved copies are 200s)
 * @property {number} savedCopies           answers served from a saved copy (200 + Storefront-Degraded)
 * @property {number | null} amplification  attempts ÷ shopper requests
 * @property {number | null} p99Ms          the shoppers' p99 answer time
 */

/**
 * The `to="open"` transitions of one upstream in a Prometheus text page (every `from`, summed).
 * @param {string} text
 * @param {string} upstream
 * @returns {number}
 */
export function opensIn(text, upstream) {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('bff_circuitbreaker_transitions_total{')) continue;
    const labels = line.slice(line.indexOf('{') + 1, line.lastIndexOf('}'));
    if (!labels.includes(`upstream="${upstream}"`) || !labels.includes('to="open"')) continue;
    const value = Number(
      line
        .slice(line.lastIndexOf('}') + 1)
        .trim()
        .split(/\s+/)[0],
    );
    if (Number.isFinite(value)) total += value;
  }
  return total;
}

/**
 * @param {UpstreamCounts} before
 * @param {UpstreamCounts} after
 * @param {string[]} keys
 */
const delta = (before, after, keys) => keys.reduce((sum, k) => sum + (after[k] ?? 0) - (before[k] ?? 0), 0);

/**
 * One cell's figures.
 * @param {CellRaw} raw
 * @returns {CellFigures}
 */
export function cellFigures(raw) {
  const { countsBefore: b, countsAfter: a, load } = raw;
  const fiveXx = Object.entries(load.statuses)
    .filter(([status]) => Number(status) >= 500)
    .reduce((sum, [, n]) => sum + n, 0);
  const shopperRequests = load.requests + load.errors;
  const attempts = delta(b, a, ['successful', 'failed', 'timeout']);
  return {
    scenario: raw.scenario,
    kind: raw.kind,
    upstream: raw.upstream,
    firstOpenS: raw.firstOpenMs === null ? null : round(raw.firstOpenMs / 1000),
    opens: raw.opensAfter - raw.opensBefore,
    openShare: raw.polls > 0 ? round(raw.openPolls / raw.polls) : null,
    shopperRequests,
    attempts,
    failedAttempts: delta(b, a, ['failed', 'timeout']),
    shortCircuited: delta(b, a, ['notPermitted']),
    shopperErrors: fiveXx + load.errors,
    savedCopies: delta(b, a, ['fallback']),
    amplification: round(ratio(attempts, shopperRequests)),
    p99Ms: load.p99Ms,
  };
}

/** @param {number | null} v */
const num = (v) => (v === null ? '—' : String(v));

/**
 * One cell as a row of the generic table (measure | value).
 * @param {CellFigures} c
 * @param {string} label
 * @returns {import('../lib/report-types.mjs').Row}
 */
export function cellRow(c, label) {
  const open = c.firstOpenS === null ? 'never opened' : `first open ${c.firstOpenS} s`;
  const share = c.openShare === null ? '' : ` (${Math.round(c.openShare * 100)} % of the time)`;
  return {
    measure: `${label} · ${c.kind}`,
    value: c.firstOpenS,
    unit: 's',
    text:
      `${open} · ${c.opens} opens${share} · ${c.attempts} attempts reached it (${c.failedAttempts} failed) · ` +
      `${c.shopperErrors} shopper errors, ${c.savedCopies} saved copies of ${c.shopperRequests} requests · ` +
      `${num(c.amplification)} × amplification · p99 ${num(c.p99Ms)} ms`,
  };
}

/**
 * The Markdown matrix of the cells (docs/benchmarks.md's hand-written section quotes it).
 * @param {{ label: string, figures: CellFigures }[]} cells
 * @returns {string}
 */
export function cellsMarkdown(cells) {
  const lines = [
    '| scenario | kind | first open | opens | open share | attempts reached (failed) | short-circuited | shopper errors | saved copies | shopper requests | amplification | shopper p99 |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { label, figures: c } of cells) {
    const first = c.firstOpenS === null ? 'never' : `${c.firstOpenS} s`;
    const share = c.openShare === null ? '—' : `${Math.round(c.openShare * 100)} %`;
    lines.push(
      `| ${label} | ${c.kind} | ${first} | ${c.opens} | ${share} | ${c.attempts} (${c.failedAttempts}) | ` +
        `${c.shortCircuited} | ${c.shopperErrors} | ${c.savedCopies} | ${c.shopperRequests} | ${num(c.amplification)} × | ${num(c.p99Ms)} ms |`,
    );
  }
  return lines.join('\n');
}

/**
 * The section's result.
 * @param {{ cells: { label: string, raw: CellRaw }[], ratePerS: number, warmupS: number, notes?: string[] }} opts
 * @returns {import('../lib/report-types.mjs').SectionResult}
 */
export function breakerKindsReport({ cells, ratePerS, warmupS, notes = [] }) {
  const figured = cells.map(({ label, raw }) => ({ label, figures: cellFigures(raw) }));
  const faultS = cells[0]?.raw.faultS ?? 0;
  return {
    id: 'breaker-kinds',
    title: `9. Breaker kinds — flapping, 50 % and 20 % errors, down, hang × each breaker on the faulty upstream, ${ratePerS} shopper requests/s, ${faultS} s of fault`,
    rows: figured.map(({ label, figures }) => cellRow(figures, label)),
    budgets: [],
    details: {
      cells: figured.map(({ label, figures }, i) => ({ label, figures, raw: cells[i]?.raw })),
      markdown: cellsMarkdown(figured),
    },
    notes: [
      `Each cell its own demo-mode stack (one scenario's side by side); ${warmupS} s of the same load before the fault fills the breaker's window with successes, as in a running shop.`,
      'Set on the faulty upstream only (BFF_<UP>_BREAKER_KIND, _THRESHOLD, _ERROR_RATE, _WINDOW_MS, _MIN_CALLS); every other setting as shipped (timeout 1.5 s, 2 retries for GETs, cooldown 5 s, catalog fresh window 1 s).',
      "Attempts reached = the BFF's successful + failed + timeout counters of the upstream (every attempt its breaker let through, retries included); amplification = attempts ÷ shopper requests; shopper errors = 5xx answers and connection errors; saved copies are 200s.",
      ...notes,
    ],
  };
}
