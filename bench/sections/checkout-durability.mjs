// 7. What durable checkout costs: the same shoppers buying in a loop through the shell, against the storefront
// before issue 11 (idempotency records in the BFF's memory, built from an earlier commit: bench/lib/baseline.mjs)
// and the current one (keys in each service's ledger, checkout records in the cart service) with one and two BFFs.
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import path from 'node:path';
import { ROOT } from '../../scripts/lib/run.mjs';
import { baselineStackModule, ensureBaseline } from '../lib/baseline.mjs';
import { shopUntilStopped, signUpShoppers } from '../lib/checkout-shoppers.mjs';
import { cpuBetween, cpuSnapshot, pidsListeningOn } from '../lib/proc-cpu.mjs';
import { startBenchStack } from '../lib/stacks.mjs';
import { quantile, round } from '../lib/stats.mjs';
import { checkoutReport } from './checkout-durability-report.mjs';

/** Stock given to every product the shoppers buy: far more than any run can sell. */
export const STOCK = 1_000_000;

/**
 * @typedef {object} Config
 * @property {string} id
 * @property {string} label
 * @property {() => Promise<import('../lib/stacks.mjs').BenchStack>} start
 */

/**
 * @typedef {object} Prepared
 * @property {Config} config
 * @property {import('../lib/stacks.mjs').BenchStack} stack
 * @property {import('../lib/checkout-shoppers.mjs').Shopper[]} shoppers
 * @property {number[]} productIds
 * @property {Record<string, number>} pids  every process of the stack, by name
 * @property {string[]} bffUrls  every BFF replica (its /metrics counts the calls to the services)
 */

/**
 * @typedef {object} RunResult
 * @property {string} config
 * @property {number} round
 * @property {number} checkoutsPerS
 * @property {number} checkouts  answered 201 in the window
 * @property {{ p50Ms: number | null, p99Ms: number | null, maxMs: number | null, count: number,
 *   statuses: Record<string, number> }} checkout
 * @property {{ p50Ms: number | null, p99Ms: number | null, maxMs: number | null, count: number,
 *   statuses: Record<string, number> }} add
 * @property {import('../lib/proc-cpu.mjs').CpuUse} cpu
 * @property {Record<string, number>} upstreamCalls  BFF → service calls in the window, by service
 */

/**
 * Calls from the BFFs to each service so far: bff_circuitbreaker_calls_total of every replica, summed per upstream.
 * @param {string[]} bffUrls
 * @returns {Promise<Record<string, number>>}
 */
async function upstreamCalls(bffUrls) {
  /** @type {Record<string, number>} */
  const calls = {};
  for (const url of bffUrls) {
    const text = await (await fetch(`${url}/metrics`)).text();
    for (const m of text.matchAll(
      /^bff_circuitbreaker_calls_total\{[^}]*upstream="([^"]+)"[^}]*\} (\S+)$/gm,
    )) {
      calls[String(m[1])] = (calls[String(m[1])] ?? 0) + Number(m[2]);
    }
  }
  return calls;
}

/**
 * Raises the stock of the products the shoppers buy, straight in the catalog's SQLite file (WAL: the running
 * service sees it at its next read), with the catalog service's own better-sqlite3.
 * @param {string} dataDir
 * @param {number[]} productIds
 */
function raiseStock(dataDir, productIds) {
  const require = createRequire(path.join(ROOT, 'apps/catalog-service/package.json'));
  /** @type {new (file: string) => { pragma: (s: string) => unknown, prepare: (sql: string) => { run: (...a: unknown[]) => unknown }, close: () => void }} */
  const Database = require('better-sqlite3');
  const db = new Database(path.join(dataDir, 'catalog-service', 'catalog.db'));
  try {
    db.pragma('busy_timeout = 5000');
    const update = db.prepare('UPDATE products SET stock = ? WHERE id = ?');
    for (const id of productIds) update.run(STOCK, id);
  } finally {
    db.close();
  }
}

/**
 * Starts a configuration's stack, picks one product per shopper (the most stocked), raises their stock and signs
 * the shoppers up (section 8 prepares its stacks the same way).
 * @param {Config} config
 * @param {number} shopperCount
 * @returns {Promise<Prepared>}
 */
export async function prepare(config, shopperCount) {
  const stack = await config.start();
  try {
    return await prepareStack(config, stack, shopperCount);
  } catch (err) {
    await stack.stop();
    throw err;
  }
}

/**
 * @param {Config} config
 * @param {import('../lib/stacks.mjs').BenchStack} stack
 * @param {number} shopperCount
 * @returns {Promise<Prepared>}
 */
async function prepareStack(config, stack, shopperCount) {
  const shell = stack.url('shell');
  const res = await fetch(`${shell}/api/catalog/products?pageSize=48`);
  if (!res.ok) throw new Error(`${config.label}: the product list answered ${res.status}`);
  const list = /** @type {{ items: { id: number, stock: number }[] }} */ (await res.json());
  const productIds = list.items
    .sort((a, b) => b.stock - a.stock)
    .slice(0, shopperCount)
    .map((p) => p.id);
  if (productIds.length === 0) throw new Error(`${config.label}: the catalog has no products`);
  raiseStock(stack.dataDir, productIds);
  const check = /** @type {{ product: { stock: number } }} */ (
    await (await fetch(`${shell}/api/catalog/products/${productIds[0]}`)).json()
  );
  if (check.product?.stock !== STOCK) throw new Error(`${config.label}: the raised stock is not seen`);
  const shoppers = await signUpShoppers(shell, shopperCount);
  const ports = Object.fromEntries(stack.stack.specs.map((s) => [s.name, Number(new URL(s.url).port)]));
  const pids = pidsListeningOn(ports);
  const missing = Object.keys(ports).filter((name) => !(name in pids));
  if (missing.length)
    throw new Error(`${config.label}: no process found listening for ${missing.join(', ')}`);
  const bffUrls = stack.stack.specs.filter((s) => /^bff(-\d+)?$/.test(s.name)).map((s) => stack.url(s.name));
  return { config, stack, shoppers, productIds, pids, bffUrls };
}

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @param {number[]} times
 * @param {Record<string, number>} statuses
 */
function summary(times, statuses) {
  const max = times.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
  return {
    p50Ms: round(quantile(times, 0.5)),
    p99Ms: round(quantile(times, 0.99)),
    maxMs: round(max),
    count: times.length,
    statuses,
  };
}

/**
 * One run: warm-up, then the measured window with the CPU read at both ends.
 * @param {Prepared} p
 * @param {number} roundNo
 * @param {{ durationS: number, warmupS: number }} t
 * @returns {Promise<RunResult>}
 */
async function measure(p, roundNo, { durationS, warmupS }) {
  const clock = { measuring: false, stopped: false };
  const loop = shopUntilStopped(p.shoppers, p.productIds, clock);
  await sleep(warmupS * 1000);
  const callsBefore = await upstreamCalls(p.bffUrls);
  const before = cpuSnapshot(p.pids);
  clock.measuring = true;
  await sleep(durationS * 1000);
  clock.measuring = false;
  clock.stopped = true;
  const after = cpuSnapshot(p.pids);
  const callsAfter = await upstreamCalls(p.bffUrls);
  const s = await loop;
  const cpu = cpuBetween(before, after);
  const result = {
    config: p.config.id,
    round: roundNo,
    checkoutsPerS: round(s.checkouts / (cpu.wallMs / 1000)) ?? 0,
    checkouts: s.checkouts,
    checkout: summary(s.checkoutMs, s.checkoutStatuses),
    add: summary(s.addMs, s.addStatuses),
    cpu,
    upstreamCalls: Object.fromEntries(
      Object.entries(callsAfter).map(([name, n]) => [name, n - (callsBefore[name] ?? 0)]),
    ),
  };
  const c = result.checkout;
  console.log(
    `  round ${roundNo} ${p.config.label}: ${result.checkoutsPerS} checkouts/s, p50 ${c.p50Ms} ms, p99 ${c.p99Ms} ms, CPU ${round(cpu.machineBusyPct)} %`,
  );
  return result;
}

/**
 * @param {{ shoppers: number, durationS: number, warmupS: number, rounds?: number }} opts
 * @returns {Promise<import('../lib/report-types.mjs').SectionResult>}
 */
export async function checkoutDurability({ shoppers, durationS, warmupS, rounds = 2 }) {
  const baseline = await ensureBaseline();
  const baselineModule = await baselineStackModule(baseline);
  /** @type {Config[]} */
  const configs = [
    {
      id: 'in-memory',
      label: `in-memory (${baseline.commit.slice(0, 7)})`,
      start: () => startBenchStack({ name: 'checkout-in-memory', demo: false, stackModule: baselineModule }),
    },
    {
      id: 'durable-1',
      label: 'durable, 1 BFF',
      start: () => startBenchStack({ name: 'checkout-durable-1', demo: false }),
    },
    {
      id: 'durable-2',
      label: 'durable, 2 BFFs',
      start: () => startBenchStack({ name: 'checkout-durable-2', demo: false, env: { BFF_REPLICAS: '2' } }),
    },
  ];
  /** @type {Prepared[]} */
  const prepared = [];
  try {
    console.log('» starting the three stacks (in-memory baseline, durable with 1 and with 2 BFFs)');
    for (const config of configs) prepared.push(await prepare(config, shoppers));
    /** @type {RunResult[]} */
    const runs = [];
    for (let r = 1; r <= rounds; r++) {
      // Odd rounds in order, even rounds reversed: a drift over the run (the machine, the databases growing)
      // weighs on every configuration alike.
      const order = r % 2 === 1 ? prepared : [...prepared].reverse();
      for (const p of order) runs.push(await measure(p, r, { durationS, warmupS }));
    }
    const cores = cpus().length;
    return checkoutReport({ baseline, configs, runs, shoppers, durationS, warmupS, stock: STOCK, cores });
  } finally {
    for (const p of prepared) for (const s of p.shoppers) s.close();
    await Promise.all(prepared.map((p) => p.stack.stop()));
  }
}
