// The report of `chaos run`: its shape, the per-upstream summary built from the timeline and the traffic, and the
// text `formatReport` prints (with the checkout section of chaos-checkout-report.mjs for checkout traffic).
import { checkoutLines } from './chaos-checkout-report.mjs';
import { formatMs } from './chaos-duration.mjs';

/**
 * @typedef {{ atMs: number, kind: 'inject', target: string, fault: string, durationMs: number | null }
 *   | { atMs: number, kind: 'clear', target: string, reason: 'step' | 'cleanup' }
 *   | { atMs: number, kind: 'expired', target: string }
 *   | { atMs: number, kind: 'transition', upstream: string, from: string, to: string, reason: string | null }
 *   | { atMs: number, kind: 'scenario', name: string, event: 'started' | 'finished' | 'cancelled' | 'replaced' }
 *   | { atMs: number, kind: 'kill', process: string, killed: boolean, detail: string }
 *   | { atMs: number, kind: 'error', message: string }} TimelineEntry
 */

/**
 * @typedef {object} UpstreamReport
 * @property {string} name `catalog`, `cart`, `account` (breakers) or `remote-<name>` (static hosts, no breaker)
 * @property {boolean} breaker whether the BFF reports a breaker for it
 * @property {string | null} finalState breaker state at the end
 * @property {number} openMs time the breaker was not closed (open or half-open) during the run
 * @property {number} transitions
 * @property {number} requests traffic answered (requests cut off by the end of the run are not counted)
 * @property {number} ok
 * @property {number} degraded answers with `Storefront-Degraded` or a 503
 * @property {number} errors other failures (refused connection, timeout, other 4xx/5xx)
 * @property {number | null} medianMs
 * @property {number | null} maxMs
 */

/**
 * @typedef {object} ChaosReport
 * @property {string} scenario
 * @property {number} speed
 * @property {string} startedAt ISO time
 * @property {number} durationMs real time from start to the end of the cleanup
 * @property {boolean} aborted stopped before the scenario's end
 * @property {TimelineEntry[]} timeline in time order
 * @property {UpstreamReport[]} upstreams
 * @property {{ sent: number, skipped: number, cancelled: number }} traffic skipped: ticks with all slots busy
 * @property {string[]} injected targets that got a fault during the run (as the proxy reported them)
 * @property {{ cleared: string[], failed: { target: string, message: string }[], stillActive: string[] }} cleanup
 *   cleared: targets faulty at the end; stillActive: targets with a fault after `DELETE /api/faults`
 * @property {boolean} breakersKnown whether breaker states could be read at the end
 * @property {boolean} allBreakersClosed
 * @property {string[]} notClosed e.g. `catalog (open)`
 * @property {string[]} warnings
 * @property {import('./chaos-checkout-report.mjs').CheckoutReport | null} checkout with checkout traffic: orders,
 *   duplicates, retries and stock
 */

/** @typedef {{ requests: number, ok: number, degraded: number, errors: number, latencies: number[] }} TrafficStats */

/**
 * Median of a list of numbers (null when empty).
 * @param {number[]} values
 * @returns {number | null}
 */
export function median(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

/**
 * How long a breaker was not closed, from its state at the start and its transitions, until `endMs`.
 * @param {string} initialState
 * @param {Extract<TimelineEntry, { kind: 'transition' }>[]} transitions in time order
 * @param {number} endMs
 * @returns {{ openMs: number, state: string }} state: the state after the last transition
 */
function openTime(initialState, transitions, endMs) {
  let state = initialState;
  let since = 0;
  let openMs = 0;
  for (const t of transitions) {
    if (state !== 'closed') openMs += t.atMs - since;
    state = t.to;
    since = t.atMs;
  }
  if (state !== 'closed') openMs += Math.max(0, endMs - since);
  return { openMs, state };
}

/**
 * One upstream's line of the report: its breaker over the run and the traffic attributed to it.
 * @param {{ name: string, timeline: TimelineEntry[], initialStates: Map<string, string>,
 *   finalStates: Map<string, string>, stats: TrafficStats, endMs: number }} input
 * @returns {UpstreamReport}
 */
export function upstreamReport({ name, timeline, initialStates, finalStates, stats, endMs }) {
  const transitions = /** @type {Extract<TimelineEntry, { kind: 'transition' }>[]} */ (
    timeline.filter((e) => e.kind === 'transition' && e.upstream === name)
  );
  const breaker = initialStates.has(name) || finalStates.has(name) || transitions.length > 0;
  const initial = initialStates.get(name) ?? transitions[0]?.from ?? 'closed';
  const { openMs, state } = breaker ? openTime(initial, transitions, endMs) : { openMs: 0, state: initial };
  const med = median(stats.latencies);
  return {
    name,
    breaker,
    finalState: breaker ? (finalStates.get(name) ?? state) : null,
    openMs: Math.round(openMs),
    transitions: transitions.length,
    requests: stats.requests,
    ok: stats.ok,
    degraded: stats.degraded,
    errors: stats.errors,
    medianMs: med === null ? null : Math.round(med),
    maxMs: stats.latencies.length ? Math.round(Math.max(...stats.latencies)) : null,
  };
}

/**
 * One timeline entry as text (without its time).
 * @param {TimelineEntry} entry
 * @returns {string}
 */
export function describeEntry(entry) {
  switch (entry.kind) {
    case 'inject':
      return `inject   ${entry.target}: ${entry.fault}${entry.durationMs ? ` for ${formatMs(entry.durationMs)}` : ''}`;
    case 'clear':
      return `clear    ${entry.target}${entry.reason === 'cleanup' ? ' (cleanup)' : ''}`;
    case 'expired':
      return `expired  ${entry.target}`;
    case 'transition':
      return `breaker  ${entry.upstream}: ${entry.from} → ${entry.to}${entry.reason ? ` (${entry.reason})` : ''}`;
    case 'scenario':
      return `scenario ${entry.name} ${entry.event}`;
    case 'kill':
      return `kill     ${entry.process}${entry.killed ? '' : ' failed'}: ${entry.detail}`;
    case 'error':
      return `error    ${entry.message}`;
  }
}

/**
 * A timeline time, e.g. `t+  2.0s`.
 * @param {number} atMs
 * @returns {string}
 */
export function stamp(atMs) {
  return `t+${(atMs / 1000).toFixed(1).padStart(5)}s`;
}

/**
 * The upstreams table of the report, indented.
 * @param {UpstreamReport[]} upstreams
 * @returns {string[]}
 */
function upstreamLines(upstreams) {
  const header = [
    'upstream',
    'breaker',
    'open',
    'transitions',
    'requests',
    'ok',
    'degraded',
    'errors',
    'median',
    'max',
  ];
  const rows = upstreams.map((u) => [
    u.name,
    u.finalState ?? '-',
    u.breaker ? formatMs(u.openMs) : '-',
    String(u.transitions),
    String(u.requests),
    String(u.ok),
    String(u.degraded),
    String(u.errors),
    u.medianMs === null ? '-' : formatMs(u.medianMs),
    u.maxMs === null ? '-' : formatMs(u.maxMs),
  ]);
  return table(header, rows).map((l) => `  ${l}`);
}

/**
 * The warnings, what was cleared and the verdict on the breakers: the report's last lines.
 * @param {ChaosReport} report
 * @returns {string[]}
 */
function verdictLines(report) {
  const lines = [];
  for (const w of report.warnings) lines.push(`warning: ${w}`);
  for (const f of report.cleanup.failed) lines.push(`warning: could not clear ${f.target}: ${f.message}`);
  if (report.cleanup.stillActive.length > 0)
    lines.push(`warning: still faulty: ${report.cleanup.stillActive.join(', ')}`);
  if (
    report.injected.length > 0 &&
    report.cleanup.failed.length === 0 &&
    report.cleanup.stillActive.length === 0
  ) {
    lines.push(`faults cleared: ${report.injected.join(', ')}`);
  }
  if (!report.breakersKnown) lines.push('breaker states unknown at the end');
  else
    lines.push(
      report.allBreakersClosed ? 'all breakers closed' : `not closed: ${report.notClosed.join(', ')}`,
    );
  return lines;
}

/**
 * The report as printable text: timeline, a table per upstream and the verdict on the breakers.
 * @param {ChaosReport} report
 * @returns {string}
 */
export function formatReport(report) {
  const lines = [];
  const speed = report.speed === 1 ? '' : ` at ${report.speed}× speed`;
  lines.push(
    `\nscenario ${report.scenario}${speed}: ${formatMs(report.durationMs)}${report.aborted ? ' (stopped early)' : ''}`,
  );
  lines.push('\ntimeline');
  if (report.timeline.length === 0) lines.push('  (nothing happened)');
  for (const e of report.timeline) lines.push(`  ${stamp(e.atMs)}  ${describeEntry(e)}`);

  lines.push('\nupstreams');
  lines.push(...upstreamLines(report.upstreams));
  const { sent, skipped, cancelled } = report.traffic;
  lines.push(
    report.checkout
      ? `  traffic: ${sent} requests sent by ${report.checkout.shoppers} shoppers, ${cancelled} cut off at the end`
      : `  traffic: ${sent} requests sent, ${skipped} ticks skipped (all slots busy), ${cancelled} cut off at the end`,
  );
  if (report.checkout) lines.push(...checkoutLines(report.checkout), '');
  lines.push(...verdictLines(report));
  return lines.join('\n');
}

/**
 * Pads columns into aligned text lines.
 * @param {string[]} header
 * @param {string[][]} rows
 * @returns {string[]}
 */
export function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (/** @type {string[]} */ cells) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
