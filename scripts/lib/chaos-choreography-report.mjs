// The choreographed orders of a `chaos run` with checkout traffic: each order accepted as `pending` (202) and how
// long it waited to be confirmed (placed → confirmed), with the totals. Only checkouts run in the choreographed mode
// have any; `order-events-consumer-down` is the scenario that makes them wait.
import { formatMs } from './chaos-duration.mjs';
import { median, table } from './chaos-report.mjs';

/** @typedef {import('./chaos-order-follow.mjs').FollowedOrder} FollowedOrder */

/** Orders listed one by one; beyond, the longest waits are shown and the rest counted. */
export const ORDERS_LISTED = 40;

/**
 * @typedef {object} ChoreographyReport
 * @property {number} accepted orders answered `pending` (202)
 * @property {number} confirmed
 * @property {number} rejected
 * @property {number} pending still pending when the run ended (its event lost, or a consumer still down)
 * @property {number | null} medianWaitMs placed → confirmed, over the confirmed orders
 * @property {number | null} maxWaitMs
 * @property {FollowedOrder[]} orders in the order they were answered
 */

/**
 * The section's numbers; null when the run saw no choreographed order.
 * @param {Map<number, FollowedOrder>} followed
 * @returns {ChoreographyReport | null}
 */
export function choreographyReport(followed) {
  const orders = [...followed.values()].sort((a, b) => a.order - b.order);
  if (orders.length === 0) return null;
  const count = (/** @type {string} */ status) => orders.filter((o) => o.status === status).length;
  const waits = orders.flatMap((o) => (o.status === 'confirmed' && o.waitedMs !== null ? [o.waitedMs] : []));
  return {
    accepted: orders.filter((o) => o.answeredStatus === 202).length,
    confirmed: count('confirmed'),
    rejected: count('rejected'),
    pending: count('pending'),
    medianWaitMs: median(waits),
    maxWaitMs: waits.length === 0 ? null : Math.max(...waits),
    orders,
  };
}

/**
 * The section as text lines.
 * @param {ChoreographyReport} r
 * @returns {string[]}
 */
export function choreographyLines(r) {
  const ms = (/** @type {number | null} */ value) => (value === null ? '-' : formatMs(value));
  const lines = [
    '  choreographed orders (placed → confirmed, by the cart’s clock)',
    `    accepted ${r.accepted} (202, pending), confirmed ${r.confirmed}, rejected ${r.rejected}, still pending ${r.pending}; wait median ${ms(r.medianWaitMs)}, max ${ms(r.maxWaitMs)}`,
  ];
  const shown =
    r.orders.length <= ORDERS_LISTED
      ? r.orders
      : [...r.orders]
          .sort((a, b) => (b.waitedMs ?? Number.POSITIVE_INFINITY) - (a.waitedMs ?? Number.POSITIVE_INFINITY))
          .slice(0, ORDERS_LISTED)
          .sort((a, b) => a.order - b.order);
  const rows = shown.map((o) => [
    `#${o.id}`,
    o.status === 'rejected' && o.rejection ? `rejected (${o.rejection})` : o.status,
    o.status === 'pending' ? 'still waiting' : ms(o.waitedMs),
  ]);
  lines.push(...table(['order', 'status', 'waited'], rows).map((l) => `    ${l}`));
  if (shown.length < r.orders.length)
    lines.push(`    … ${r.orders.length - shown.length} more, each waiting less than the ones above`);
  lines.push(
    '    (choreographed: the BFF only calls the cart, so checkouts are accepted while the catalog is down and',
    '    confirmed once its consumer is back; in orchestrated mode the same outage fails them fast with 503)',
  );
  if (r.pending > 0)
    lines.push(`still pending: ${r.pending} order${r.pending === 1 ? '' : 's'} never confirmed nor rejected`);
  return lines;
}
