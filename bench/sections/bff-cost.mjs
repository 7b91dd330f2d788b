// 1. What the BFF hop costs: the same catalog list through the BFF and straight from the catalog service.
import { measureLoad } from '../lib/load.mjs';
import { cpuBetween, cpuSnapshot, pidsListeningOn } from '../lib/proc-cpu.mjs';
import { atMost, ratio, round } from '../lib/stats.mjs';

/**
 * Restarts the stack's BFF with some environment variables changed (the rest of the stack keeps running);
 * `undefined` removes one.
 * @param {import('../lib/stacks.mjs').BenchStack} stack
 * @param {Record<string, string | undefined>} vars
 */
async function restartBffWith(stack, vars) {
  await stack.stack.stop('bff-1');
  const { env } = stack.stack.spec('bff-1');
  for (const [name, value] of Object.entries(vars)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  await stack.stack.start('bff-1');
}

/**
 * CPU time per answered request of the BFF, the catalog service and the trace store while `run` loads them, in
 * µs (from /proc: what the two shared cores spend on one request, whatever else runs beside).
 * @param {import('../lib/stacks.mjs').BenchStack} stack
 * @param {() => Promise<import('../lib/load.mjs').LoadResult>} run
 */
async function withCpu(stack, run) {
  const { BFF_PORT, CATALOG_SERVICE_PORT, TRACE_STORE_PORT } = stack.ports;
  const pids = pidsListeningOn({ bff: BFF_PORT, catalog: CATALOG_SERVICE_PORT, store: TRACE_STORE_PORT });
  const before = cpuSnapshot(pids);
  const result = await run();
  const use = cpuBetween(before, cpuSnapshot(pids));
  /** @param {number | undefined} ms */
  const perRequest = (ms) =>
    ms === undefined || result.requests === 0 ? null : Math.round((ms * 1000) / result.requests);
  const cpuUsPerRequest = {
    bff: perRequest(use.msByProcess.bff),
    catalog: perRequest(use.msByProcess.catalog),
    traceStore: perRequest(use.msByProcess.store),
    loadGenerator: perRequest(use.loadGeneratorMs),
  };
  return { ...result, cpuUsPerRequest, machineBusyPct: Math.round(use.machineBusyPct) };
}

/**
 * Warm-up, then `connections` connections for `durationS`, then one connection for half as long.
 * @param {import('../lib/stacks.mjs').BenchStack} stack
 * @param {string} url
 * @param {{ connections: number, durationS: number, warmupS: number }} t
 */
async function measurePath(stack, url, { connections, durationS, warmupS }) {
  // JIT, SQLite page cache and keep-alive pools are warm before anything counts.
  await measureLoad({ url, connections, durationS: warmupS });
  const many = await withCpu(stack, () => measureLoad({ url, connections, durationS }));
  // One connection: the hop's own cost, without queueing behind other requests.
  const one = await measureLoad({ url, connections: 1, durationS: durationS / 2 });
  return { many, one };
}

/** @param {{ cpuUsPerRequest: Record<string, number | null> }} m */
const cpuSum = (m) => {
  const { bff, catalog, traceStore } = m.cpuUsPerRequest;
  return (bff ?? 0) + (catalog ?? 0) + (traceStore ?? 0);
};

/** @param {number | null} a @param {number | null} b */
const r = (a, b) => round(ratio(a ?? Number.NaN, b ?? Number.NaN));

/**
 * @param {{ stack: import('../lib/stacks.mjs').BenchStack, connections: number, durationS: number,
 *   warmupS: number }} opts
 * @returns {Promise<import('../lib/report-types.mjs').SectionResult>}
 */
export async function bffCost({ stack, connections, durationS, warmupS }) {
  const t = { connections, durationS, warmupS };
  const direct = await measurePath(stack, `${stack.url('catalog-service')}/products`, t);
  const viaBffUrl = `${stack.url('bff-1')}/api/catalog/products`;
  const fresh = stack.stack.spec('bff-1').env.BFF_CATALOG_FRESH_MS ?? '0';
  const tracing = stack.stack.spec('bff-1').env.OTEL_SDK_DISABLED;
  const shipped = await measurePath(stack, viaBffUrl, t);
  // The same BFF with every request going to the catalog: the hop itself; then without its own spans.
  let passThrough;
  let untraced;
  try {
    await restartBffWith(stack, { BFF_CATALOG_FRESH_MS: '0' });
    passThrough = await measurePath(stack, viaBffUrl, t);
    await restartBffWith(stack, { OTEL_SDK_DISABLED: 'true' });
    untraced = await measurePath(stack, viaBffUrl, t);
  } finally {
    await restartBffWith(stack, { BFF_CATALOG_FRESH_MS: fresh, OTEL_SDK_DISABLED: tracing });
  }
  const u = untraced.many;
  const d = direct.many;
  const b = shipped.many;
  const p = passThrough.many;
  const p99Ratio = ratio(b.p99Ms ?? Number.NaN, d.p99Ms ?? Number.NaN);
  return {
    id: 'bff-cost',
    title: `1. BFF cost — GET catalog products, ${connections} connections × ${durationS} s (closed loop)`,
    rows: [
      { measure: 'direct to the catalog service: p50 / p99', value: d.p50Ms, unit: `ms / ${d.p99Ms} ms` },
      {
        measure: `via BFF (fresh window ${fresh} ms): p50 / p99`,
        value: b.p50Ms,
        unit: `ms / ${b.p99Ms} ms`,
      },
      {
        measure: 'via BFF, every call to the catalog: p50 / p99',
        value: p.p50Ms,
        unit: `ms / ${p.p99Ms} ms`,
      },
      {
        measure: 'via BFF, every call, the BFF not tracing: p50 / p99',
        value: u.p50Ms,
        unit: `ms / ${u.p99Ms} ms`,
      },
      {
        measure: 'requests/s: direct / BFF / BFF every call / not tracing',
        value: d.rps,
        unit: `/ ${b.rps} / ${p.rps} / ${u.rps}`,
      },
      { measure: 'BFF ÷ direct: p50 / p99', value: r(b.p50Ms, d.p50Ms), unit: `× / ${round(p99Ratio)} ×` },
      {
        measure: 'BFF every call ÷ direct: p50 / p99',
        value: r(p.p50Ms, d.p50Ms),
        unit: `× / ${r(p.p99Ms, d.p99Ms)} ×`,
      },
      {
        measure: 'BFF every call, not tracing ÷ direct: p50 / p99',
        value: r(u.p50Ms, d.p50Ms),
        unit: `× / ${r(u.p99Ms, d.p99Ms)} ×`,
      },
      {
        measure: 'CPU µs per request, BFF + catalog + trace store: direct / BFF every call / not tracing',
        value: cpuSum(d),
        unit: `µs / ${cpuSum(p)} µs / ${cpuSum(u)} µs`,
      },
      {
        measure: 'of which the BFF: every call / not tracing; the trace store: direct / every call',
        value: p.cpuUsPerRequest.bff,
        unit: `µs / ${u.cpuUsPerRequest.bff} µs; ${d.cpuUsPerRequest.traceStore} µs / ${p.cpuUsPerRequest.traceStore} µs`,
      },
      {
        measure: '1 connection p50: direct / BFF / BFF every call',
        value: direct.one.p50Ms,
        unit: `ms / ${shipped.one.p50Ms} ms / ${passThrough.one.p50Ms} ms`,
      },
      {
        measure: '1 connection p99: direct / BFF / BFF every call',
        value: direct.one.p99Ms,
        unit: `ms / ${shipped.one.p99Ms} ms / ${passThrough.one.p99Ms} ms`,
      },
    ],
    // Issue 15 asks the hop itself (no fresh window) for the same budget; the shipped figure keeps its own row.
    budgets: [
      atMost('BFF p99 ÷ direct p99', p99Ratio, 1.2, '×'),
      atMost(
        'BFF every call p99 ÷ direct p99',
        ratio(p.p99Ms ?? Number.NaN, d.p99Ms ?? Number.NaN),
        1.2,
        '×',
      ),
    ],
    details: {
      freshMs: Number(fresh),
      direct,
      viaBff: shipped,
      viaBffEveryCall: passThrough,
      viaBffEveryCallUntraced: untraced,
    },
    notes: [
      `"via BFF" is the storefront as shipped: BFF_CATALOG_FRESH_MS=${fresh}, so identical public catalog reads within that window share one catalog call.`,
      '"every call" is the same BFF with BFF_CATALOG_FRESH_MS=0: the price of the extra hop on the same two cores.',
      '"not tracing" is that BFF with OTEL_SDK_DISABLED=true: what its own spans (request, call, attempt = HTTP client) and their export to the local trace store cost; the catalog service traces in every row.',
      "CPU per request: each process's user + system time from /proc over the 10-connection load ÷ answers; the load generator (not counted) and other work on the machine share the same cores. In a closed loop on saturated cores the latency ratio follows the CPU ratio.",
    ],
  };
}
