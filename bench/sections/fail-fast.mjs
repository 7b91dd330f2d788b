// 2. Fail fast: an open breaker answers at once; without a breaker every call waits for its timeouts.
import {
  backgroundTraffic,
  clearFaults,
  injectFault,
  upstreamState,
  waitForBreaker,
} from '../lib/bff-client.mjs';
import { measureLoad } from '../lib/load.mjs';
import { atMost, ratio, round } from '../lib/stats.mjs';

/** Longer than the storefront's catalog fresh window (1 s). */
const FRESH_WAIT_MS = 1200;

/**
 * Makes sure the BFF holds a saved copy of the catalog list, as it would after any shopper's visit.
 * @param {string} url
 */
async function primeSavedCopy(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`priming ${url} answered ${res.status}`);
  await res.arrayBuffer();
}

/**
 * @param {{ withBreaker: import('../lib/stacks.mjs').BenchStack, withoutBreaker: import('../lib/stacks.mjs').BenchStack,
 *   connections: number, durationS: number, warmupS: number, hangDurationS: number }} opts
 * @returns {Promise<import('../lib/report-types.mjs').SectionResult>}
 */
export async function failFast({
  withBreaker,
  withoutBreaker,
  connections,
  durationS,
  warmupS,
  hangDurationS,
}) {
  // Breaker on (defaults): the catalog hangs, a few calls time out, the breaker opens, then measure.
  const bff = withBreaker.url('bff-1');
  const url = `${bff}/api/catalog/products`;
  await primeSavedCopy(url);
  await injectFault(bff, 'catalog', 'hang');
  let open;
  let openMax;
  try {
    // Shoppers keep asking; the calls time out until the breaker opens (within the 1 s fresh window they are
    // still answered from memory, and identical calls in flight share one upstream call).
    const stopTraffic = backgroundTraffic(url, 50);
    try {
      await waitForBreaker(bff, 'catalog', 'open', 30_000);
    } finally {
      await stopTraffic();
    }
    // The short-circuit path runs for the first time here: let the JIT warm it up, as in any long-lived BFF.
    await measureLoad({ url, connections: 1, durationS: warmupS });
    // One connection: the cost of one short-circuited call, with no queue of other requests in front of it.
    open = await measureLoad({ url, connections: 1, durationS });
    // Many connections, as fast as it goes: what an open breaker sustains.
    openMax = await measureLoad({ url, connections, durationS: Math.max(2, durationS / 2) });
  } finally {
    await clearFaults(bff);
  }
  const countsAfter = (await upstreamState(bff, 'catalog')).counts;

  // Breaker off (BFF_CATALOG_BREAKER_THRESHOLD=0), same hang: every call spends its timeouts and retries.
  const bffOff = withoutBreaker.url('bff-1');
  const urlOff = `${bffOff}/api/catalog/products`;
  await primeSavedCopy(urlOff);
  await injectFault(bffOff, 'catalog', 'hang');
  // Let the primed copy age past the fresh window, so that every call really waits for the hung catalog.
  await new Promise((r) => setTimeout(r, FRESH_WAIT_MS));
  let off;
  try {
    // Many connections, else too few calls finish: each is bound by its timeouts, not by a queue.
    off = await measureLoad({ url: urlOff, connections, durationS: hangDurationS, timeoutS: 60 });
  } finally {
    await clearFaults(bffOff);
  }
  const speedup = ratio(off.p99Ms ?? Number.NaN, open.p99Ms ?? Number.NaN);
  return {
    id: 'fail-fast',
    title: '2. Fail fast — catalog hangs, GET catalog products through the BFF',
    rows: [
      { measure: 'breaker open, 1 connection: p50 / p99', value: open.p50Ms, unit: `ms / ${open.p99Ms} ms` },
      {
        measure: `breaker open, ${connections} connections: p50 / p99`,
        value: openMax.p50Ms,
        unit: `ms / ${openMax.p99Ms} ms`,
      },
      { measure: `breaker open, ${connections} connections: requests/s`, value: openMax.rps, unit: 'req/s' },
      {
        measure: `no breaker, ${connections} connections: p50 / p99`,
        value: off.p50Ms,
        unit: `ms / ${off.p99Ms} ms`,
      },
      {
        measure: `no breaker, ${connections} connections: requests/s`,
        value: round(off.requests / off.durationS),
        unit: 'req/s',
      },
      { measure: 'no breaker ÷ open breaker (p99)', value: round(speedup), unit: '×' },
    ],
    budgets: [atMost('open-breaker p99', open.p99Ms ?? Number.NaN, 2, 'ms')],
    details: {
      openBreaker: open,
      openBreakerUnthrottled: openMax,
      noBreaker: off,
      catalogCountsAfter: countsAfter,
    },
    notes: [
      'Both answer from the saved copy (200 + Storefront-Degraded) once the policy gives up; the difference is only when.',
    ],
  };
}
