// 9. Which breaker kind, measured (issue 14): the flapping and the 50 %-errors scenarios (and 20 % errors, an
// outage and a hang to compare), each with a consecutive breaker, a sampling one as shipped and a sampling one with a lower error rate
// on the faulty upstream, under the same steady shopper load. Each cell its own demo-mode stack; the breakers of one scenario run side by side.
import { createChaosClient } from '../../scripts/lib/chaos-api.mjs';
import { upstreamState } from '../lib/bff-client.mjs';
import { measureLoad } from '../lib/load.mjs';
import { startBenchStack } from '../lib/stacks.mjs';
import { breakerKindsReport, opensIn } from './breaker-kinds-report.mjs';

/**
 * A scenario: the fault of the fault proxy's scenario file, on the upstream it targets, and what shoppers ask.
 * @typedef {object} Scenario
 * @property {string} id
 * @property {string} label
 * @property {string} upstream
 * @property {{ type: string, options: Record<string, number> }} fault
 * @property {(n: number) => string} path  the n-th shopper request's path
 */

/**
 * Catalog shoppers: half list pages (saved copies exist, and the 1 s fresh window shares them), half searches
 * never made before (no saved copy: a failure is the shopper's).
 * @param {number} n
 */
const catalogPath = (n) =>
  n % 2 === 0 ? `/api/catalog/products?page=${1 + ((n / 2) % 3)}` : `/api/catalog/products?q=bench-${n}`;

/** @type {Scenario[]} */
export const SCENARIOS = [
  {
    // apps/fault-proxy/scenarios/account-flapping.json: the account service 2 s down, 2 s up.
    id: 'flapping',
    label: 'account flapping 2 s / 2 s',
    upstream: 'account',
    fault: { type: 'flapping', options: { upMs: 2000, downMs: 2000 } },
    // What the sign-in page asks before showing its form: one account call per request, no saved copy.
    path: () => '/api/account/status',
  },
  {
    // apps/fault-proxy/scenarios/everything-burns.json: the catalog answers half of its calls with a 503.
    id: 'errors-50',
    label: 'catalog 50 % errors',
    upstream: 'catalog',
    fault: { type: 'errors', options: { percent: 50, status: 503 } },
    path: catalogPath,
  },
  {
    // Lighter intermittent errors, which retries hide from shoppers (1 request in 125 fails all 3 attempts): a
    // breaker should not open on them.
    id: 'errors-20',
    label: 'catalog 20 % errors',
    upstream: 'catalog',
    fault: { type: 'errors', options: { percent: 20, status: 503 } },
    path: catalogPath,
  },
  {
    // apps/fault-proxy/scenarios/catalog-outage.json: the catalog service down. Not intermittent: the case a
    // default must not make worse while it helps with the two above.
    id: 'down',
    label: 'catalog down',
    upstream: 'catalog',
    fault: { type: 'down', options: {} },
    path: catalogPath,
  },
  {
    // The catalog hangs (cart-slow's and everything-burns' fault, on the catalog): every failed attempt costs the
    // 1.5 s timeout, so how soon the breaker opens is what the shoppers wait for.
    id: 'hang',
    label: 'catalog hangs',
    upstream: 'catalog',
    fault: { type: 'hang', options: {} },
    path: catalogPath,
  },
];

/**
 * A breaker to compare: its kind and, for `sampling`, its settings.
 * @typedef {object} Variant
 * @property {string} id
 * @property {'consecutive' | 'sampling'} kind
 * @property {{ errorRate: number, windowMs: number, minCalls: number }} sampling
 */

/** The sampling breaker's shipped settings (breaker-config.ts, config.ts). */
export const SAMPLING = { errorRate: 0.5, windowMs: 10_000, minCalls: 10 };

/**
 * The breakers compared: consecutive (threshold 3), sampling as shipped, and sampling with a lower error rate:
 * with 2 retries, a service failing half of its calls fails half of the attempts, which a "more than 50 %" rule
 * only crosses by chance.
 * @type {Variant[]}
 */
export const VARIANTS = [
  { id: 'consecutive', kind: 'consecutive', sampling: SAMPLING },
  { id: 'sampling', kind: 'sampling', sampling: SAMPLING },
  { id: 'sampling-0.3', kind: 'sampling', sampling: { ...SAMPLING, errorRate: 0.3 } },
];

/**
 * How a variant is named in the table.
 * @param {Variant} v
 * @returns {string}
 */
export function variantLabel(v) {
  if (v.kind === 'consecutive') return 'consecutive, 3 in a row';
  const s = v.sampling;
  return `sampling, > ${s.errorRate} of ≥ ${s.minCalls} calls in ${s.windowMs / 1000} s`;
}

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The environment of a stack with the variant's breaker on `upstream`.
 * @param {string} upstream
 * @param {Variant} variant
 * @returns {Record<string, string>}
 */
export function kindEnv(upstream, { kind, sampling }) {
  const p = `BFF_${upstream.toUpperCase()}_`;
  return {
    [`${p}BREAKER_KIND`]: kind,
    [`${p}BREAKER_THRESHOLD`]: '3',
    [`${p}BREAKER_ERROR_RATE`]: String(sampling.errorRate),
    [`${p}BREAKER_WINDOW_MS`]: String(sampling.windowMs),
    [`${p}BREAKER_MIN_CALLS`]: String(sampling.minCalls),
  };
}

/**
 * Reads the breaker every 100 ms until stopped: the first transition to open after `sinceMs`, and how often it
 * was found not closed.
 * @param {string} bff
 * @param {string} upstream
 * @param {number} sinceMs
 */
function watchBreaker(bff, upstream, sinceMs) {
  const seen = { firstOpenMs: /** @type {number | null} */ (null), openPolls: 0, polls: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const u = await upstreamState(bff, upstream);
        seen.polls++;
        if (u.state !== 'closed') seen.openPolls++;
        const t = u.lastTransition;
        if (seen.firstOpenMs === null && t && t.to === 'open') {
          const at = Date.parse(t.at);
          if (at >= sinceMs) seen.firstOpenMs = at - sinceMs;
        }
      } catch {
        // a missed poll is only a missed sample
      }
      await sleep(100);
    }
  })();
  return async () => {
    running = false;
    await loop;
    return seen;
  };
}

/**
 * @param {string} bff
 * @param {string} upstream
 */
async function opensNow(bff, upstream) {
  const res = await fetch(`${bff}/metrics`);
  return opensIn(await res.text(), upstream);
}

/**
 * One cell on its own (already started) stack: warm-up, fault, measured load, fault cleared.
 * @param {import('../lib/stacks.mjs').BenchStack} stack
 * @param {Scenario} scenario
 * @param {Variant} variant
 * @param {{ ratePerS: number, warmupS: number, faultS: number }} t
 * @returns {Promise<import('./breaker-kinds-report.mjs').CellRaw>}
 */
async function runCell(stack, scenario, variant, { ratePerS, warmupS, faultS }) {
  const bff = stack.url('bff-1');
  let n = 0;
  const load = (/** @type {number} */ durationS) =>
    measureLoad({
      url: `${bff}${scenario.path(0)}`,
      nextPath: () => scenario.path(++n),
      // Enough connections for the rate to hold while calls hang (each up to 3 × 1.5 s plus the backoff).
      connections: 40,
      overallRate: ratePerS,
      durationS,
      timeoutS: 10,
    });
  // Before the fault every answer must be live: else the stack is broken and the cell would measure that.
  const warm = await load(warmupS);
  const notOk = warm.errors + Object.entries(warm.statuses).filter(([s]) => !s.startsWith('2')).length;
  if (notOk > 0) {
    throw new Error(`${scenario.label} · ${variant.id}: the warm-up got ${JSON.stringify(warm.statuses)}`);
  }
  const chaos = createChaosClient(bff);
  const countsBefore = (await upstreamState(bff, scenario.upstream)).counts ?? {};
  const opensBefore = await opensNow(bff, scenario.upstream);
  const startedAt = Date.now();
  // A little longer than the load, so that it covers every measured request; cleared right after.
  await chaos.inject(scenario.upstream, { ...scenario.fault, durationMs: faultS * 1000 + 2000 });
  const stopWatching = watchBreaker(bff, scenario.upstream, startedAt);
  let measured;
  try {
    measured = await load(faultS);
  } finally {
    await chaos.clearAll();
  }
  const seen = await stopWatching();
  const countsAfter = (await upstreamState(bff, scenario.upstream)).counts ?? {};
  const opensAfter = await opensNow(bff, scenario.upstream);
  console.log(
    `  ${scenario.label} · ${variant.id}: first open ${seen.firstOpenMs ?? '—'} ms, ${opensAfter - opensBefore} opens`,
  );
  return {
    scenario: scenario.id,
    kind: variantLabel(variant),
    upstream: scenario.upstream,
    faultS,
    ...seen,
    opensBefore,
    opensAfter,
    countsBefore,
    countsAfter,
    load: measured,
  };
}

/**
 * @param {{ ratePerS: number, warmupS: number, faultS: number, variants?: Variant[], scenarios?: Scenario[] }} opts
 * @returns {Promise<import('../lib/report-types.mjs').SectionResult>}
 */
export async function breakerKinds({
  ratePerS,
  warmupS,
  faultS,
  variants = VARIANTS,
  scenarios = SCENARIOS,
}) {
  /** @type {{ label: string, raw: import('./breaker-kinds-report.mjs').CellRaw }[]} */
  const cells = [];
  for (const scenario of scenarios) {
    console.log(`» ${scenario.label}: one stack per breaker, side by side`);
    const stacks = await Promise.all(
      variants.map((v) =>
        startBenchStack({
          name: `kinds-${scenario.id}-${v.id}`,
          demo: true,
          env: kindEnv(scenario.upstream, v),
        }),
      ),
    );
    try {
      const raws = await Promise.all(
        variants.map((v, i) =>
          runCell(/** @type {import('../lib/stacks.mjs').BenchStack} */ (stacks[i]), scenario, v, {
            ratePerS,
            warmupS,
            faultS,
          }),
        ),
      );
      for (const raw of raws) cells.push({ label: scenario.label, raw });
    } finally {
      await Promise.all(stacks.map((s) => s.stop()));
    }
  }
  return breakerKindsReport({ cells, ratePerS, warmupS });
}
