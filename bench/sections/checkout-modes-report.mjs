// The rows, budgets and notes of section 8 (orchestrated vs choreographed checkout), from its runs.
import { atMost, round } from '../lib/stats.mjs';
import { latency, outageSummary } from './checkout-modes-figures.mjs';

/** @typedef {import('./checkout-modes.mjs').ModeRun} ModeRun */
/** @typedef {import('./checkout-modes-outage.mjs').OutageRun} OutageRun */
/** @typedef {import('./checkout-modes-shoppers.mjs').OrderSample} OrderSample */

/** Process groups of a stack, by process name. */
const GROUPS = /** @type {const} */ ([
  ['BFF', /^bff(-\d+)?$/],
  ['cart', /^cart-service$/],
  ['catalog', /^catalog-service$/],
  ['account', /^account-service$/],
  ['shell host', /^shell$/],
  ['remote hosts', /-remote$/],
]);

/** @param {number | null | undefined} v */
const f = (v) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : String(round(v)));

/**
 * @param {(number | null)[]} values
 * @returns {number[]}
 */
const numbers = (values) => values.filter(/** @returns {v is number} */ (v) => v !== null);

/**
 * The figures of one configuration's runs, pooled over the rounds.
 * @param {ModeRun[]} runs
 */
function pooled(runs) {
  const orders = runs.flatMap((r) => r.samples.orders);
  const done = orders.filter((o) => o.outcome === 'placed' || o.outcome === 'confirmed');
  const followed = orders.filter((o) => o.status === 202);
  /** @type {Record<string, number>} */
  const ms = { 'load generator': 0 };
  let wallMs = 0;
  for (const run of runs) {
    wallMs += run.cpu.wallMs;
    ms['load generator'] = (ms['load generator'] ?? 0) + run.cpu.loadGeneratorMs;
    for (const [name, used] of Object.entries(run.cpu.msByProcess)) {
      const group = GROUPS.find(([, re]) => re.test(name))?.[0] ?? name;
      ms[group] = (ms[group] ?? 0) + used;
    }
  }
  const notOk = (/** @type {Record<string, number>} */ statuses, /** @type {number[]} */ ok) =>
    Object.entries(statuses).reduce((n, [s, count]) => n + (ok.includes(Number(s)) ? 0 : count), 0);
  return {
    answer: latency(orders.filter((o) => o.status === 201 || o.status === 202).map((o) => o.answerMs)),
    seen: latency(numbers(done.map((o) => o.seenMs))),
    recorded: latency(numbers(done.map((o) => o.recordedMs))),
    pollsPerOrder: followed.length ? followed.reduce((n, o) => n + o.polls, 0) / followed.length : Number.NaN,
    confirmed: done.length,
    checkoutsNotOk: runs.reduce((n, r) => n + notOk(r.samples.checkoutStatuses, [201, 202]), 0),
    addsNotOk: runs.reduce((n, r) => n + notOk(r.samples.addStatuses, [200]), 0),
    notConfirmed: orders.length - done.length,
    cpuMs: ms,
    cpuTotalMs: Object.values(ms).reduce((a, b) => a + b, 0),
    wallMs,
  };
}

/**
 * @param {{ stacks: { id: string, label: string }[],
 *   configs: { id: string, label: string, mode: string, eventsPollMs: number, follow: boolean }[], runs: ModeRun[],
 *   idle: { config: string, cpu: import('../lib/proc-cpu.mjs').CpuUse }[], outages: OutageRun[],
 *   shoppers: number, durationS: number, warmupS: number, downS: number, stock: number, cores: number,
 *   followPollMs: number, outageRetryMs: number }} opts
 * @returns {import('../lib/report-types.mjs').SectionResult}
 */
export function modesReport(opts) {
  const { stacks, configs, runs, idle, outages, shoppers, durationS, warmupS, downS } = opts;
  const rounds = [...new Set(runs.map((r) => r.round))].sort();
  const names = configs.map((c) => c.label).join(' / ');
  const figures = configs.map((c) => ({ config: c, ...pooled(runs.filter((r) => r.config === c.id)) }));
  const each = (/** @type {(x: (typeof figures)[number]) => string} */ pick) => figures.map(pick).join(' / ');
  /** @param {{ p50Ms: number | null, p99Ms: number | null }} l */
  const pp = (l) => `${f(l.p50Ms)} · ${f(l.p99Ms)}`;
  /**
   * One figure of every configuration, round by round: "r1 a / b / c · r2 a / b / c".
   * @param {(r: ModeRun | undefined) => number | null | undefined} pick
   */
  const perRound = (pick) =>
    rounds
      .map(
        (n) =>
          `r${n} ${configs.map((c) => f(pick(runs.find((r) => r.config === c.id && r.round === n)))).join(' / ')}`,
      )
      .join(' · ');
  const cpuRows = figures.map((x) => ({
    measure: `CPU ms per confirmed order (add and reads included), ${x.config.label}`,
    value: null,
    unit: '',
    text: `${Object.entries(x.cpuMs)
      .filter(([, ms]) => ms / Math.max(x.confirmed, 1) >= 0.05)
      .sort((a, b) => b[1] - a[1])
      .map(([group, ms]) => `${group} ${f(ms / x.confirmed)}`)
      .join(' · ')} · total ${f(x.cpuTotalMs / x.confirmed)}`,
  }));
  const idleText = stacks
    .map((c) => {
      const use = idle.find((i) => i.config === c.id)?.cpu;
      if (!use) return `${c.label}: —`;
      const services = Object.entries(use.msByProcess)
        .filter(([name]) => name.endsWith('-service'))
        .reduce((n, [, ms]) => n + ms, 0);
      return `${c.label}: ${f((services * 1000) / use.wallMs)}`;
    })
    .join(' · ');
  const outageRows = stacks.flatMap((c) => {
    const run = outages.find((o) => o.config === c.id);
    if (!run) return [];
    const s = outageSummary(run);
    return [
      {
        measure: `catalog down, ${c.label}: answers while down · p50 · p99 · max (ms)`,
        value: null,
        unit: '',
        text: `${s.whileDown.answers} · ${f(s.whileDown.p50Ms)} · ${f(s.whileDown.p99Ms)} · ${f(s.whileDown.maxMs)}`,
      },
      {
        measure: `catalog down, ${c.label}: checkouts' end · final after the restart, median · max (ms)`,
        value: null,
        unit: '',
        text: `${s.outcomes} · ${f(s.afterRestartMedianMs)} · ${f(s.afterRestartMaxMs)}`,
      },
      ...(s.answersAfterRestart
        ? [
            {
              measure: `catalog down, ${c.label}: answers after the restart`,
              value: null,
              unit: '',
              text: s.answersAfterRestart,
            },
          ]
        : []),
      ...(s.breaker
        ? [
            {
              measure: `catalog down, ${c.label}: the BFF's catalog breaker, after the stop`,
              value: null,
              unit: '',
              text: s.breaker,
            },
          ]
        : []),
    ];
  });
  const choreo = figures.find((x) => x.config.id === 'choreographed');
  const orchestratedOutage = outages.find((o) => o.config === 'orchestrated');
  const choreoOutage = outages.find((o) => o.config === 'choreographed');
  const budgets = [
    atMost('choreographed: to confirmation p99 (poll 250 ms)', choreo?.seen.p99Ms ?? Number.NaN, 1000, 'ms'),
    // A refused price read is retried after its backoff (100 ms, then 200) until the breaker opens: never a timeout.
    atMost(
      'orchestrated: slowest checkout while the catalog is down',
      orchestratedOutage ? (outageSummary(orchestratedOutage).whileDown.maxMs ?? Number.NaN) : Number.NaN,
      500,
      'ms',
    ),
    // The cart's consumer retries an unreachable feed after 0.25, 0.5, 1, 2, 4 … at most 10 s.
    atMost(
      'choreographed: last outage order confirmed, after the restart',
      choreoOutage ? (outageSummary(choreoOutage).afterRestartMaxMs ?? Number.NaN) : Number.NaN,
      10_000,
      'ms',
    ),
  ];
  const restarts = outages.map((o) => `${f(o.downMs / 1000)} s + restart ${f(o.restartMs)} ms`).join(' / ');
  return {
    id: 'checkout-modes',
    title: `8. Checkout modes — ${shoppers} shoppers, add 1 unit + check out + wait for the confirmation, ${durationS} s × ${rounds.length} rounds; then the catalog stopped for ${downS} s`,
    rows: [
      {
        measure: `checkout answer (201 / 202) p50 · p99 (ms): ${names}`,
        value: null,
        unit: '',
        text: each((x) => pp(x.answer)),
      },
      {
        measure: 'to confirmation, seen by the shopper, p50 · p99 (ms)',
        value: null,
        unit: '',
        text: each((x) => pp(x.seen)),
      },
      {
        measure: "to confirmation, the order's updatedAt, p50 · p99 (ms)",
        value: null,
        unit: '',
        text: each((x) => pp(x.recorded)),
      },
      { measure: 'confirmed orders/s', value: null, unit: '', text: perRound((r) => r?.ordersPerS) },
      {
        measure: "not waiting: the window's end → every order final (ms)",
        value: null,
        unit: '',
        text: perRound((r) => r?.settleMs),
      },
      {
        measure: 'reads of the pending order per order',
        value: null,
        unit: '',
        text: each((x) => f(x.pollsPerOrder)),
      },
      {
        measure: 'checkouts not 201/202 · adds not 200 · orders not confirmed',
        value: null,
        unit: '',
        text: each((x) => `${x.checkoutsNotOk} · ${x.addsNotOk} · ${x.notConfirmed}`),
      },
      ...cpuRows,
      {
        measure: `services' CPU at rest, no shopper (ms per s: the consumers polling)`,
        value: null,
        unit: '',
        text: idleText,
      },
      {
        measure: 'catalog down (stopped → start asked) + restart to healthy',
        value: null,
        unit: '',
        text: restarts,
      },
      ...outageRows,
    ],
    budgets,
    details: {
      shoppers,
      durationS,
      warmupS,
      downS,
      stock: opts.stock,
      configs: configs.map(({ id, label, mode, eventsPollMs, follow }) => ({
        id,
        label,
        mode,
        eventsPollMs,
        follow,
      })),
      figures: figures.map(({ config, ...x }) => ({ config: config.id, ...x })),
      runs: runs.map((r) => ({
        config: r.config,
        round: r.round,
        ordersPerS: round(r.ordersPerS),
        settleMs: r.settleMs === null ? null : round(r.settleMs),
        checkoutStatuses: r.samples.checkoutStatuses,
        addStatuses: r.samples.addStatuses,
        cpu: r.cpu,
      })),
      idle,
      outages,
    },
    notes: [
      `Three stacks at once (no fault proxy, LOG_LEVEL=warn), the cart service started with CHECKOUT_MODE=orchestrated, =choreographed, and =choreographed with EVENTS_POLL_MS=50 (every consumer of every service). Each of ${shoppers} shoppers signs up once, then loops through the shell: POST /api/cart/lines (1 unit of its own product, stock ${opts.stock.toLocaleString('en')}), POST /api/checkout with a new Idempotency-Key, and after a 202 GET /api/orders/:id every ${opts.followPollMs} ms until confirmed or rejected, before its next order. ${warmupS} s warm-up, then ${durationS} s counted (orders final in the window); rounds alternate their order.`,
      '"not waiting" is the choreographed stack (poll 250 ms) with shoppers that go on to their next order after the 202; their orders are read back afterwards (GET /api/orders), and orders/s counts the orders confirmed within the window.',
      'To confirmation: the 201 answer (orchestrated), or the read that shows the order confirmed (choreographed); "updatedAt" is the cart\'s own time of the confirmation minus the time the checkout was sent (same clock), free of the shopper\'s read interval.',
      `Outage: each shopper fills its cart, then the catalog-service process is stopped (SIGTERM) for ${downS} s and started again; each shopper checks out once meanwhile, retrying a refused checkout with the same Idempotency-Key every ${opts.outageRetryMs} ms, and reading a pending order every 250 ms. "Final after the restart" counts from the moment the catalog process was started again (0 when already final before); the restarted process takes the time shown to answer its health check, and its consumer starts before that.`,
      `CPU per process from /proc/<pid>/stat over the counted window; the three stacks and the shoppers share the same ${opts.cores} cores.`,
    ],
  };
}
