// 4. Bulkhead: cart and account keep their latency while every catalog call hangs until its timeout.
import { randomBytes } from 'node:crypto';
import { clearFaults, injectFault, upstreamState } from '../lib/bff-client.mjs';
import { measureLoad } from '../lib/load.mjs';
import { ratio, round } from '../lib/stats.mjs';

/**
 * @param {{ stack: import('../lib/stacks.mjs').BenchStack, connections: number, durationS: number,
 *   catalogConnections: number }} opts
 * @returns {Promise<import('../lib/report-types.mjs').SectionResult>}
 */
export async function bulkhead({ stack, connections, durationS, catalogConnections }) {
  const bff = stack.url('bff-1');
  // An anonymous cart id (22 base64url characters) so that GET /api/cart really asks the cart service.
  const cart = {
    url: `${bff}/api/cart`,
    headers: { cookie: `sf_cart=${randomBytes(16).toString('base64url')}` },
  };
  const account = { url: `${bff}/api/account/status`, headers: {} };
  for (const target of [cart, account]) {
    const res = await fetch(target.url, { headers: target.headers });
    if (!res.ok) throw new Error(`${target.url} answered ${res.status}`);
    await res.arrayBuffer();
  }
  const both = () =>
    Promise.all([
      measureLoad({ ...cart, connections, durationS }),
      measureLoad({ ...account, connections, durationS }),
    ]);

  const [cartBase, accountBase] = await both();

  const rejectedBefore = (await upstreamState(bff, 'catalog')).counts?.rejected ?? 0;
  await injectFault(bff, 'catalog', 'hang');
  let cartHang;
  let accountHang;
  let catalog;
  try {
    // The catalog's hung calls fill its bulkhead (and queue) first; the extra ones are refused at once.
    // Every call its own search, as from many shoppers: none can share another's upstream call.
    let n = 0;
    const catalogLoad = measureLoad({
      url: `${bff}/api/catalog/products`,
      nextPath: () => `/api/catalog/products?q=bench-${++n}`,
      connections: catalogConnections,
      durationS: durationS + 3,
      timeoutS: 60,
    });
    await new Promise((r) => setTimeout(r, 1500));
    [cartHang, accountHang] = await both();
    catalog = await catalogLoad;
  } finally {
    await clearFaults(bff);
  }
  const rejected = ((await upstreamState(bff, 'catalog')).counts?.rejected ?? 0) - rejectedBefore;
  const cartRatio = ratio(cartHang.p99Ms ?? Number.NaN, cartBase.p99Ms ?? Number.NaN);
  const accountRatio = ratio(accountHang.p99Ms ?? Number.NaN, accountBase.p99Ms ?? Number.NaN);
  return {
    id: 'bulkhead',
    title: `4. Bulkhead — cart and account, ${connections} connections each, while ${catalogConnections} catalog calls hang`,
    rows: [
      {
        measure: 'cart p99: baseline / catalog hanging',
        value: cartBase.p99Ms,
        unit: `ms / ${cartHang.p99Ms} ms`,
      },
      { measure: 'cart p99 ratio', value: round(cartRatio), unit: '×' },
      {
        measure: 'account p99: baseline / catalog hanging',
        value: accountBase.p99Ms,
        unit: `ms / ${accountHang.p99Ms} ms`,
      },
      { measure: 'account p99 ratio', value: round(accountRatio), unit: '×' },
      { measure: 'cart requests/s: baseline / hanging', value: cartBase.rps, unit: `/ ${cartHang.rps}` },
      {
        measure: 'catalog calls hanging at once (bulkhead 10 + queue 20)',
        value: catalogConnections,
        unit: 'calls',
      },
      { measure: 'catalog calls refused by its bulkhead', value: rejected, unit: 'calls' },
    ],
    budgets: [],
    details: {
      cartBase,
      accountBase,
      cartHang,
      accountHang,
      catalogWhileHanging: catalog,
      catalogRejected: rejected,
    },
    notes: [
      'Catalog breaker off in this stack, so the catalog calls really hang (an open breaker would answer them at once).',
      'The catalog load exactly fills its bulkhead; more connections would be refused at once and, re-sent at once by the load generator, measure CPU contention instead of isolation.',
    ],
  };
}
