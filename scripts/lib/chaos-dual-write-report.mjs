// The report of `chaos dual-write` (chaos-dual-write.mjs): the two runs side by side, and what they show.
import { formatMs } from './chaos-duration.mjs';
import { table } from './chaos-report.mjs';

/** @typedef {import('./chaos-dual-write.mjs').DualWriteOutcome} DualWriteOutcome */

/**
 * The side-by-side report.
 * @param {{ naive: DualWriteOutcome, outbox: DualWriteOutcome }} result
 * @param {number} [delayMs]
 * @returns {string}
 */
export function formatDualWrite({ naive, outbox }, delayMs = 1500) {
  const yes = (/** @type {boolean} */ b) => (b ? 'yes' : 'no');
  const column = (/** @type {DualWriteOutcome} */ o) => [
    `#${o.orderId} ${o.status}`,
    yes(o.published),
    o.reservations === 0
      ? 'no, never heard of it'
      : o.reservations === 1
        ? 'yes, once'
        : `${o.reservations}×`,
    `${o.stockTaken} of ${o.quantity}`,
    formatMs(o.killedAfterMs),
    o.verdict === 'lost'
      ? 'LOST: the event is gone for good'
      : o.verdict === 'delivered'
        ? 'delivered'
        : 'unclear',
  ];
  const a = column(naive);
  const b = column(outbox);
  const rows = [
    'order after the restart',
    'OrderPlaced in the cart’s feed',
    'catalog reserved the stock',
    'stock taken',
    'SIGKILL after the 201',
    'the event',
  ].map((label, i) => [label, a[i] ?? '', b[i] ?? '']);
  const header = ['', `(a) events outside the transaction (${formatMs(delayMs)} later)`, '(b) outbox'];
  const expected = naive.verdict === 'lost' && outbox.verdict === 'delivered';
  return [
    'dual write: a choreographed checkout, the cart SIGKILLed right after placing the order, then started again',
    '',
    ...table(header, rows).map((l) => `  ${l}`),
    '',
    expected
      ? 'the order committed without its event is lost; with the outbox the event commits with the order and is delivered'
      : 'unexpected: see the table (the kill may have come too late for (a), or the services too slow for (b))',
  ].join('\n');
}
