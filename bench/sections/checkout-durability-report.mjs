// The rows, ratios, CPU picture and notes of section 7 (checkout durability), from its runs.
import { ratio, round } from '../lib/stats.mjs';

/** Process groups of a stack, by process name (bff in the baseline, bff-1, bff-2 … now). */
const GROUPS = /** @type {const} */ ([
  ['BFF', /^bff(-\d+)?$/],
  ['cart', /^cart-service$/],
  ['catalog', /^catalog-service$/],
  ['account', /^account-service$/],
  ['shell host', /^shell$/],
  ['remote hosts', /-remote$/],
]);

/** @typedef {import('./checkout-durability.mjs').RunResult} RunResult */

/**
 * CPU ms per group over some runs (the load generator included), and the checkouts and wall time they cover.
 * @param {RunResult[]} runs
 */
function pooledCpu(runs) {
  /** @type {Record<string, number>} */
  const ms = { 'load generator': 0 };
  /** @type {Record<string, number>} */
  const byProcess = {};
  let checkouts = 0;
  let wallMs = 0;
  for (const run of runs) {
    checkouts += run.checkouts;
    wallMs += run.cpu.wallMs;
    ms['load generator'] = (ms['load generator'] ?? 0) + run.cpu.loadGeneratorMs;
    for (const [name, used] of Object.entries(run.cpu.msByProcess)) {
      byProcess[name] = (byProcess[name] ?? 0) + used;
      const group = GROUPS.find(([, re]) => re.test(name))?.[0] ?? name;
      ms[group] = (ms[group] ?? 0) + used;
    }
  }
  const total = Object.values(ms).reduce((a, b) => a + b, 0);
  return { ms, byProcess, total, checkouts, wallMs };
}

/** @param {number | null | undefined} v */
const f = (v) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : String(round(v)));

/**
 * @param {{ baseline: import('../lib/baseline.mjs').Baseline, configs: { id: string, label: string }[],
 *   runs: RunResult[], shoppers: number, durationS: number, warmupS: number, stock: number, cores: number }} opts
 * @returns {import('../lib/report-types.mjs').SectionResult}
 */
export function checkoutReport({ baseline, configs, runs, shoppers, durationS, warmupS, stock, cores }) {
  const rounds = [...new Set(runs.map((r) => r.round))].sort();
  const run = (/** @type {string} */ id, /** @type {number} */ n) =>
    runs.find((r) => r.config === id && r.round === n);
  const names = configs.map((c) => c.label).join(' / ');
  /**
   * One figure of every configuration, round by round: "r1 a / b / c · r2 a / b / c".
   * @param {(r: RunResult | undefined) => number | null | undefined} pick
   */
  const perRound = (pick) =>
    rounds.map((n) => `r${n} ${configs.map((c) => f(pick(run(c.id, n)))).join(' / ')}`).join(' · ');
  /**
   * A ratio of two configurations round by round, for throughput and checkout p99.
   * @param {string} a
   * @param {string} b
   */
  const ratios = (a, b) =>
    rounds
      .map((n) => {
        const x = run(a, n);
        const y = run(b, n);
        const rps = ratio(x?.checkoutsPerS ?? Number.NaN, y?.checkoutsPerS ?? Number.NaN);
        const p99 = ratio(x?.checkout.p99Ms ?? Number.NaN, y?.checkout.p99Ms ?? Number.NaN);
        return `r${n} ${f(rps)} × · ${f(p99)} ×`;
      })
      .join(' — ');
  const notOk = (/** @type {Record<string, number>} */ statuses, /** @type {number} */ ok) =>
    Object.entries(statuses).reduce((n, [status, count]) => n + (Number(status) === ok ? 0 : count), 0);
  const failures = configs
    .map((c) => {
      const mine = runs.filter((r) => r.config === c.id);
      const checkouts = mine.reduce((n, r) => n + notOk(r.checkout.statuses, 201), 0);
      const adds = mine.reduce((n, r) => n + notOk(r.add.statuses, 200), 0);
      return `${checkouts} · ${adds}`;
    })
    .join(' / ');
  const pooled = configs.map((c) => ({ config: c, cpu: pooledCpu(runs.filter((r) => r.config === c.id)) }));
  const cpuRows = pooled.map(({ config, cpu }) => {
    const per = Object.entries(cpu.ms)
      .filter(([, ms]) => ms / Math.max(cpu.checkouts, 1) >= 0.05)
      .sort((a, b) => b[1] - a[1])
      .map(([group, ms]) => `${group} ${f(ms / cpu.checkouts)}`)
      .join(' · ');
    const ceiling = (cores * 1000 * cpu.checkouts) / cpu.total;
    // Each BFF replica is one Node process: at most one core's worth of its share of the checkouts.
    const replicas = Object.keys(cpu.byProcess).filter((name) => /^bff(-\d+)?$/.test(name)).length;
    const bffCeiling = (replicas * 1000 * cpu.checkouts) / (cpu.ms.BFF ?? Number.NaN);
    return {
      measure: `CPU ms per checkout (add included), ${config.label}`,
      value: null,
      unit: '',
      text: `${per} · total ${f(cpu.total / cpu.checkouts)} → ${cores} cores allow ≤ ${f(ceiling)}/s, ${replicas} BFF process${replicas > 1 ? 'es' : ''} ≤ ${f(bffCeiling)}/s`,
    };
  });
  const callsRow = {
    measure: 'BFF → service calls per checkout (add included)',
    value: null,
    unit: '',
    text: configs
      .map((c) => {
        const mine = runs.filter((r) => r.config === c.id);
        const n = mine.reduce((a, r) => a + r.checkouts, 0);
        /** @type {Record<string, number>} */
        const calls = {};
        for (const r of mine)
          for (const [k, v] of Object.entries(r.upstreamCalls)) calls[k] = (calls[k] ?? 0) + v;
        const parts = Object.entries(calls).filter(([, v]) => v / n >= 0.05);
        return `${c.label}: ${parts.map(([k, v]) => `${k} ${f(v / n)}`).join(' · ')}`;
      })
      .join(' — '),
  };
  const coreRows = pooled.map(({ config, cpu }) => {
    const mine = runs.filter((r) => r.config === config.id);
    const busy = mine.reduce((n, r) => n + (r.cpu.machineBusyPct / 100) * cores * r.cpu.wallMs, 0);
    const used = Object.entries(cpu.byProcess)
      .concat([['load generator', cpu.ms['load generator'] ?? 0]])
      .filter(([, ms]) => ms / cpu.wallMs >= 0.02)
      .sort((a, b) => b[1] - a[1])
      .map(([name, ms]) => `${name} ${f(ms / cpu.wallMs)}`);
    // Whatever else ran: the two idle stacks, the kernel's share of the network, anything else on the machine.
    used.push(`rest of the machine ${f((busy - cpu.total) / cpu.wallMs)}`);
    return { measure: `cores used, ${config.label}`, value: null, unit: '', text: used.join(' · ') };
  });
  const prepared =
    baseline.preparedMs === null
      ? `Built by an earlier run and reused from bench/tmp/baseline-${baseline.commit.slice(0, 12)}/`
      : `Extracted (git archive), installed (npm ci) and built in ${f(baseline.preparedMs / 1000)} s by this run, kept in bench/tmp/baseline-${baseline.commit.slice(0, 12)}/ for the next`;
  return {
    id: 'checkout-durability',
    title: `7. Checkout durability — ${shoppers} shoppers, add 1 unit + check out in a loop through the shell, ${durationS} s × ${rounds.length} rounds`,
    rows: [
      {
        measure: 'in-memory baseline (BENCH_BASELINE_REF)',
        value: null,
        unit: '',
        text: `${baseline.ref} = ${baseline.commit.slice(0, 7)} "${baseline.subject}"`,
      },
      { measure: `checkouts/s: ${names}`, value: null, unit: '', text: perRound((r) => r?.checkoutsPerS) },
      { measure: 'checkout p50 (ms)', value: null, unit: '', text: perRound((r) => r?.checkout.p50Ms) },
      { measure: 'checkout p99 (ms)', value: null, unit: '', text: perRound((r) => r?.checkout.p99Ms) },
      { measure: 'add to cart p50 (ms)', value: null, unit: '', text: perRound((r) => r?.add.p50Ms) },
      { measure: 'add to cart p99 (ms)', value: null, unit: '', text: perRound((r) => r?.add.p99Ms) },
      {
        measure: 'durable ÷ in-memory (1 BFF each): checkouts/s · checkout p99',
        value: null,
        unit: '',
        text: ratios('durable-1', 'in-memory'),
      },
      {
        measure: '2 BFFs ÷ 1 BFF (durable): checkouts/s · checkout p99',
        value: null,
        unit: '',
        text: ratios('durable-2', 'durable-1'),
      },
      { measure: 'checkouts not 201 · adds not 200 (both rounds)', value: null, unit: '', text: failures },
      {
        measure: `machine CPU busy, % of ${cores} cores`,
        value: null,
        unit: '',
        text: perRound((r) => r?.cpu.machineBusyPct),
      },
      callsRow,
      ...cpuRows,
      ...coreRows,
    ],
    budgets: [],
    details: {
      baseline,
      shoppers,
      durationS,
      warmupS,
      stock,
      runs,
      cpuPerConfig: pooled.map(({ config, cpu }) => ({ config: config.id, ...cpu })),
    },
    notes: [
      `Each of ${shoppers} shoppers signs up once, then loops: POST /api/cart/lines (1 unit, its own product) and POST /api/checkout, each with a new Idempotency-Key, one request at a time, through the shell host's /api proxy; ${warmupS} s warm-up, then ${durationS} s counted (answers arriving in the window).`,
      `"in-memory" is the storefront at ${baseline.commit.slice(0, 7)}: the BFF keeps idempotency records in memory, no ledger, no checkout records. ${prepared}; started with its own scripts/lib/stack.mjs.`,
      `The three stacks run at once (free ports, no fault proxy, LOG_LEVEL=warn); rounds alternate their order. Before the runs, the bought products' stock is set to ${stock.toLocaleString('en')} in each stack's catalog SQLite file (data folder under bench/tmp/).`,
      `CPU per process from /proc/<pid>/stat over the counted window, each process found by its listening port; "load generator" is the bench process. Shoppers, servers and BFFs share the same ${cores} cores.`,
    ],
  };
}
