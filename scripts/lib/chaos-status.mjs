// `chaos status`: every target with its active fault and the time it has left, and every breaker, each shown
// even when the other cannot be read.
import { formatMs } from './chaos-duration.mjs';
import { describeFault } from './chaos-faults.mjs';
import { table } from './chaos-report.mjs';

/**
 * Time left of a fault, for `status`.
 * @param {import('./chaos-api.mjs').ActiveFault} fault
 * @returns {string}
 */
export function timeLeft(fault) {
  if (!fault.expiresAt) return 'until cleared';
  const left = Date.parse(fault.expiresAt) - Date.now();
  return Number.isNaN(left) ? '?' : formatMs(Math.max(0, left));
}

/**
 * `status`: faults and breakers, each shown even when the other cannot be read.
 * @param {import('./chaos-api.mjs').ChaosClient} client
 */
export async function printStatus(client) {
  const [faults, breakers] = await Promise.allSettled([client.listFaults(), client.resilience()]);
  if (faults.status === 'rejected' && breakers.status === 'rejected') throw faults.reason;
  if (faults.status === 'fulfilled') {
    const rows = faults.value.map((t) => [
      t.name,
      t.kind ?? '-',
      t.fault ? `${describeFault(t.fault)}${t.fault.phase ? ` (${t.fault.phase} now)` : ''}` : 'none',
      t.fault ? timeLeft(t.fault) : '-',
    ]);
    console.log(table(['target', 'kind', 'fault', 'time left'], rows).join('\n'));
  } else {
    const err = faults.reason;
    console.log(`faults: ${err instanceof Error ? err.message : String(err)}`);
  }
  console.log('');
  if (breakers.status === 'fulfilled') {
    const rows = breakers.value.map((u) => {
      const last = u.lastTransition;
      const ago = last ? formatMs(Math.max(0, Date.now() - Date.parse(last.at))) : '';
      return [
        u.name,
        u.state,
        u.state === 'closed' || !u.retryAfterMs ? '-' : formatMs(u.retryAfterMs),
        last ? `${last.from} → ${last.to} ${ago} ago${last.reason ? ` (${last.reason})` : ''}` : '-',
      ];
    });
    console.log(table(['upstream', 'breaker', 'probe in', 'last transition'], rows).join('\n'));
  } else {
    const err = breakers.reason;
    console.log(`breakers: ${err instanceof Error ? err.message : String(err)}`);
  }
}
