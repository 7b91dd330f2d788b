// The checkout section of the `chaos run` report: orders placed, duplicates, retries, what was given up, units
// ordered and, per product, stock before and after. "Stock returned" is before − after − units ordered: 0 once
// every reservation was committed or released; above 0, stock went missing (held by no order); below 0, more came
// back than went (a reservation released twice, or an order that took no stock). A choreographed order that was
// rejected took no stock; one still pending at the end makes the verdict broken (its event was lost, or a consumer
// never came back).
import { checkoutModeLine } from './chaos-checkout-mode.mjs';
import { choreographyLines, choreographyReport } from './chaos-choreography-report.mjs';
import { table } from './chaos-report.mjs';

/** @typedef {import('./chaos-shoppers.mjs').CheckoutStats} CheckoutStats */
/** @typedef {import('./chaos-checkout-setup.mjs').OrderSeen} OrderSeen */
/** @typedef {import('./chaos-checkout-setup.mjs').ProductRef} ProductRef */

/**
 * @typedef {object} ProductStock
 * @property {number} id
 * @property {string} name
 * @property {number | null} before
 * @property {number | null} after null when it could not be read live at the end
 * @property {number} ordered units in the shoppers' orders
 * @property {number | null} returned before − after − ordered
 */

/**
 * @typedef {object} CheckoutReport
 * @property {number} shoppers
 * @property {number} checkouts checkouts attempted (one key each)
 * @property {{ total: number, checkouts: number, max: number }} retries of checkouts: all, checkouts retried, most
 *   for one
 * @property {number} ordersPlaced distinct order ids, answered or listed in the shoppers' orders
 * @property {number} ordersAnswered
 * @property {number | null} ordersUnanswered listed but never answered (null when the lists could not be read)
 * @property {{ keys: number, cartLines: number, unanswered: number | null, total: number }} duplicates keys:
 *   orders beyond the first answered for one key; cartLines: adds applied twice; unanswered: orders never
 *   answered beyond the checkouts that may each have placed one unseen (given up, or refused on a retry)
 * @property {{ checkouts: number, adds: number }} abandoned given up without an answer
 * @property {{ what: string, count: number }[]} refusals 4xx codes, moved on with a new key
 * @property {number} unitsOrdered
 * @property {ProductStock[]} stock
 * @property {number | null} stockReturned sum over the products; null when a stock could not be read
 * @property {import('./chaos-checkout-mode.mjs').CheckoutModeState | null} mode the checkout mode the scenario
 *   asked for and what the run did with it; null when it asked for none
 * @property {import('./chaos-choreography-report.mjs').ChoreographyReport | null} choreography the choreographed
 *   orders and their waits; null when there were none
 * @property {'ok' | 'broken' | 'unknown'} verdict broken: a duplicate, stock returned other than 0, or an order
 *   still pending; unknown: no duplicate seen but the stock could not be read at the end
 */

/**
 * Puts the section together from what the shoppers saw and the stock and order lists read around the run.
 * @param {{ shoppers: number, products: ProductRef[], before: Map<number, number | null>,
 *   after: Map<number, number | null>, stats: CheckoutStats, listed: Map<number, OrderSeen> | null,
 *   mode?: import('./chaos-checkout-mode.mjs').CheckoutModeState | null }} input
 * @returns {CheckoutReport}
 */
export function checkoutReport({ shoppers, products, before, after, stats, listed, mode = null }) {
  /** @type {Map<number, OrderSeen>} */
  const all = new Map([...(listed ?? []), ...stats.orders]);
  const unanswered = listed === null ? null : [...listed.keys()].filter((id) => !stats.orders.has(id)).length;
  /** @type {Map<number, number>} */
  const ordered = new Map();
  const rejected = (/** @type {number} */ id) =>
    listed?.get(id)?.status === 'rejected' || stats.orders.get(id)?.status === 'rejected';
  for (const order of all.values()) {
    if (rejected(order.id)) continue;
    for (const line of order.lines)
      ordered.set(line.productId, (ordered.get(line.productId) ?? 0) + line.quantity);
  }
  const stock = products.map(({ id, name }) => {
    const b = before.get(id) ?? null;
    const a = after.get(id) ?? null;
    const units = ordered.get(id) ?? 0;
    return {
      id,
      name,
      before: b,
      after: a,
      ordered: units,
      returned: b === null || a === null ? null : b - a - units,
    };
  });
  const stockReturned = stock.some((p) => p.returned === null)
    ? null
    : stock.reduce((sum, p) => sum + (p.returned ?? 0), 0);
  const keys = [...stats.ordersByKey.values()].reduce((sum, ids) => sum + ids.size - 1, 0);
  const unseen = stats.abandoned + stats.refusedAfterRetry;
  const extra = unanswered === null ? null : Math.max(0, unanswered - unseen);
  const duplicates = {
    keys,
    cartLines: stats.addDuplicates,
    unanswered: extra,
    total: keys + stats.addDuplicates + (extra ?? 0),
  };
  const choreography = choreographyReport(stats.followed);
  const stuck = (choreography?.pending ?? 0) > 0;
  return {
    shoppers,
    checkouts: stats.checkouts,
    retries: {
      total: stats.retries.reduce((a, b) => a + b, 0),
      checkouts: stats.retries.filter((r) => r > 0).length,
      max: Math.max(0, ...stats.retries),
    },
    ordersPlaced: all.size,
    ordersAnswered: stats.orders.size,
    ordersUnanswered: unanswered,
    duplicates,
    abandoned: { checkouts: stats.abandoned, adds: stats.addsAbandoned },
    refusals: [...stats.refusals].map(([what, count]) => ({ what, count })),
    unitsOrdered: [...ordered.values()].reduce((a, b) => a + b, 0),
    stock,
    stockReturned,
    mode,
    choreography,
    verdict:
      duplicates.total > 0 || stuck || (stockReturned !== null && stockReturned !== 0)
        ? 'broken'
        : stockReturned === null
          ? 'unknown'
          : 'ok',
  };
}

/**
 * @param {number | null} value
 * @returns {string}
 */
const num = (value) => (value === null ? '?' : String(value));

/**
 * The section as text lines.
 * @param {CheckoutReport} r
 * @returns {string[]}
 */
export function checkoutLines(r) {
  const lines = [`\ncheckouts (${r.shoppers} shoppers)`];
  if (r.mode) lines.push(checkoutModeLine(r.mode));
  const d = r.duplicates;
  const unanswered =
    r.ordersUnanswered === null ? 'order lists unreadable' : `${r.ordersUnanswered} never answered`;
  lines.push(
    `  checkouts attempted  ${r.checkouts} (retried ${r.retries.checkouts}, ${r.retries.total} retries, at most ${r.retries.max} for one)`,
    `  orders placed        ${r.ordersPlaced} (distinct order ids: ${r.ordersAnswered} answered, ${unanswered})`,
    `  duplicates           ${d.total} (keys answered with another order: ${d.keys}; cart lines added twice: ${d.cartLines}; orders nobody answered or gave up on: ${num(d.unanswered)})`,
    `  given up             ${r.abandoned.checkouts} checkouts, ${r.abandoned.adds} cart adds (no answer by the end of the grace period)`,
  );
  if (r.refusals.length > 0)
    lines.push(`  refused (4xx)        ${r.refusals.map((x) => `${x.what} ×${x.count}`).join(', ')}`);
  lines.push(`  units ordered        ${r.unitsOrdered}`);
  const rows = r.stock.map((p) => [
    `#${p.id} ${p.name}`,
    num(p.before),
    num(p.after),
    String(p.ordered),
    num(p.returned),
  ]);
  lines.push('  stock per product');
  lines.push(...table(['product', 'before', 'after', 'ordered', 'returned'], rows).map((l) => `    ${l}`));
  lines.push(
    `  stock returned       ${num(r.stockReturned)} (before − after − units ordered; 0 once every reservation is committed or released)`,
  );
  if (r.choreography) lines.push(...choreographyLines(r.choreography));
  if (r.verdict === 'ok')
    lines.push(
      r.choreography
        ? 'every order exactly once and settled, stock conserved'
        : 'every order exactly once, stock conserved',
    );
  if (r.verdict === 'unknown')
    lines.push('no duplicate seen; stock at the end unknown (could not be read live)');
  if (d.total > 0) lines.push(`duplicates: ${d.total}`);
  if (r.stockReturned !== null && r.stockReturned !== 0)
    lines.push(
      `stock not conserved: ${Math.abs(r.stockReturned)} units ${r.stockReturned > 0 ? 'missing' : 'too many'}`,
    );
  return lines;
}
