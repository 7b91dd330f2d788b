// 8. Orchestrated vs choreographed checkout (issue 13): the same shoppers buying in a loop, each waiting for its
// order's confirmation, against a stack whose cart service runs each mode (CHECKOUT_MODE), and a choreographed one
// whose consumers poll every 50 ms instead of 250; then shoppers that do not wait (what the choreography absorbs),
// and what a checkout does while the catalog service is stopped.
import { cpus } from 'node:os';
import { cpuBetween, cpuSnapshot } from '../lib/proc-cpu.mjs';
import { startBenchStack } from '../lib/stacks.mjs';
import { prepare, STOCK } from './checkout-durability.mjs';
import { OUTAGE, runOutage } from './checkout-modes-outage.mjs';
import { modesReport } from './checkout-modes-report.mjs';
import { buyUntilStopped, settleOrders } from './checkout-modes-shoppers.mjs';

/** How often a shopper reads its pending order under load: fine enough to see a 250 ms poll, cheap enough. */
const FOLLOW = { pollMs: 50, giveUpMs: 30_000 };
/** Idle CPU of the consumers' polling, measured with no shopper at all. */
const IDLE_S = 5;

/**
 * A stack: the cart service started in one checkout mode, every consumer polling every `eventsPollMs`.
 * @typedef {object} ModeStack
 * @property {string} id
 * @property {string} label
 * @property {'orchestrated' | 'choreographed'} mode
 * @property {number} eventsPollMs
 * @property {() => Promise<import('../lib/stacks.mjs').BenchStack>} start
 */

/**
 * A measured configuration: shoppers on one of the stacks, waiting for each confirmation or not.
 * @typedef {object} ModeConfig
 * @property {string} id
 * @property {string} label
 * @property {string} stack  a ModeStack id
 * @property {'orchestrated' | 'choreographed'} mode
 * @property {number} eventsPollMs
 * @property {boolean} follow  the shopper reads its pending order until final before the next one
 */

/**
 * @typedef {import('./checkout-durability.mjs').Prepared & { config: ModeStack }} PreparedMode
 */

/**
 * @typedef {object} ModeRun
 * @property {string} config
 * @property {number} round
 * @property {number} ordersPerS  orders final (201 or confirmed) per second of the window
 * @property {number | null} settleMs  not waiting: from the window's end until no order was pending any more
 * @property {import('./checkout-modes-shoppers.mjs').ModeSamples} samples
 * @property {import('../lib/proc-cpu.mjs').CpuUse} cpu
 */

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @param {ModeStack['mode']} mode
 * @param {number} eventsPollMs
 */
const stackEnv = (mode, eventsPollMs) => ({ CHECKOUT_MODE: mode, EVENTS_POLL_MS: String(eventsPollMs) });

/**
 * Fails unless the stack's cart service runs the mode asked for (GET /api/ops/checkout-mode).
 * @param {PreparedMode} p
 */
async function checkMode(p) {
  const res = await fetch(`${p.stack.url('bff-1')}/api/ops/checkout-mode`);
  const body = /** @type {{ mode?: string }} */ (await res.json());
  if (body.mode !== p.config.mode)
    throw new Error(`${p.config.label}: the cart service runs "${body.mode}", not "${p.config.mode}"`);
}

/**
 * One run: warm-up, then the measured window with the CPU read at both ends; shoppers that did not wait are then
 * waited for, until each of their orders is final.
 * @param {PreparedMode} p
 * @param {ModeConfig} config
 * @param {number} roundNo
 * @param {{ durationS: number, warmupS: number }} t
 * @returns {Promise<ModeRun>}
 */
async function measure(p, config, roundNo, { durationS, warmupS }) {
  const clock = { measuring: false, stopped: false };
  const loop = buyUntilStopped(p.shoppers, p.productIds, clock, config.follow ? FOLLOW : null);
  await sleep(warmupS * 1000);
  const before = cpuSnapshot(p.pids);
  const fromAt = Date.now();
  clock.measuring = true;
  await sleep(durationS * 1000);
  clock.measuring = false;
  clock.stopped = true;
  const toAt = Date.now();
  const after = cpuSnapshot(p.pids);
  const samples = await loop;
  const cpu = cpuBetween(before, after);
  let final = samples.orders.filter((o) => o.outcome === 'placed' || o.outcome === 'confirmed').length;
  /** @type {number | null} */
  let settleMs = null;
  if (!config.follow) {
    const settled = await settleOrders(p.shoppers, samples.orders, {
      fromAt,
      toAt,
      pollMs: 250,
      giveUpMs: 60_000,
    });
    final = settled.confirmedInWindow;
    settleMs = settled.settleMs;
  }
  const ordersPerS = final / (cpu.wallMs / 1000);
  console.log(`  round ${roundNo} ${config.label}: ${Math.round(ordersPerS)} confirmed orders/s`);
  return { config: config.id, round: roundNo, ordersPerS, settleMs, samples, cpu };
}

/**
 * @param {{ shoppers: number, durationS: number, warmupS: number, downS: number, rounds?: number }} opts
 * @returns {Promise<import('../lib/report-types.mjs').SectionResult>}
 */
export async function checkoutModes({ shoppers, durationS, warmupS, downS, rounds = 2 }) {
  /** @type {Omit<ModeStack, 'start'>[]} */
  const kinds = [
    { id: 'orchestrated', label: 'orchestrated', mode: 'orchestrated', eventsPollMs: 250 },
    { id: 'choreographed', label: 'choreographed', mode: 'choreographed', eventsPollMs: 250 },
    { id: 'choreographed-50', label: 'choreographed, poll 50 ms', mode: 'choreographed', eventsPollMs: 50 },
  ];
  /** @type {ModeStack[]} */
  const stacks = kinds.map((c) => ({
    ...c,
    start: () =>
      startBenchStack({ name: `modes-${c.id}`, demo: false, env: stackEnv(c.mode, c.eventsPollMs) }),
  }));
  /** @type {ModeConfig[]} */
  const configs = [
    ...kinds.map((k) => ({ ...k, stack: k.id, follow: true })),
    {
      id: 'choreographed-no-wait',
      label: 'choreographed, not waiting',
      stack: 'choreographed',
      mode: 'choreographed',
      eventsPollMs: 250,
      follow: false,
    },
  ];
  /** @type {PreparedMode[]} */
  const prepared = [];
  try {
    console.log(
      '» starting the three stacks (orchestrated, choreographed, choreographed polling every 50 ms)',
    );
    for (const config of stacks) {
      const p = /** @type {PreparedMode} */ (await prepare(config, shoppers));
      prepared.push(p);
      await checkMode(p);
    }
    // The consumers' polling with nobody shopping: what a shorter EVENTS_POLL_MS costs at rest.
    const idleBefore = prepared.map((p) => cpuSnapshot(p.pids));
    await sleep(IDLE_S * 1000);
    const idle = prepared.map((p, i) => ({
      config: p.config.id,
      cpu: cpuBetween(
        /** @type {import('../lib/proc-cpu.mjs').CpuSnapshot} */ (idleBefore[i]),
        cpuSnapshot(p.pids),
      ),
    }));
    /** @type {ModeRun[]} */
    const runs = [];
    for (let r = 1; r <= rounds; r++) {
      // Odd rounds in order, even rounds reversed, as in section 7.
      const order = r % 2 === 1 ? configs : [...configs].reverse();
      for (const config of order) {
        const p = /** @type {PreparedMode} */ (prepared.find((x) => x.config.id === config.stack));
        runs.push(await measure(p, config, r, { durationS, warmupS }));
      }
    }
    /** @type {import('./checkout-modes-outage.mjs').OutageRun[]} */
    const outages = [];
    for (const p of prepared) outages.push(await runOutage(p, downS));
    return modesReport({
      stacks: stacks.map(({ id, label }) => ({ id, label })),
      configs,
      runs,
      idle,
      outages,
      shoppers,
      durationS,
      warmupS,
      downS,
      stock: STOCK,
      cores: cpus().length,
      followPollMs: FOLLOW.pollMs,
      outageRetryMs: OUTAGE.retryMs,
    });
  } finally {
    for (const p of prepared) for (const s of p.shoppers) s.close();
    await Promise.all(prepared.map((p) => p.stack.stop()));
  }
}
