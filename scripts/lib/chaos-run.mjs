// The scenario runner behind `chaos run`: asks the fault proxy to run the scenario (the proxy executes the steps,
// for the console and the CLI alike), drives loopback traffic through the shell's origin (paths: chaos-traffic.mjs;
// shoppers checking out: chaos-run-checkout.mjs; what comes before it: chaos-run-start.mjs),
// follows the breakers, faults and scenario on `/api/ops/stream` (chaos-stream.mjs, chaos-timeline.mjs), always
// cancels and clears at the end, also when stopped early (chaos-run-end.mjs), and returns a report that
// `formatReport` prints (chaos-report.mjs).
import { randomBytes } from 'node:crypto';
import { ChaosError, createChaosClient, isLoopbackUrl, normaliseBaseUrl } from './chaos-api.mjs';
import { enterCheckoutMode } from './chaos-checkout-mode.mjs';
import { sleepUntil } from './chaos-duration.mjs';
import { concludeCheckout, startCheckout } from './chaos-run-checkout.mjs';
import { buildReport, catchUp, cleanUp, finalBreakerStates } from './chaos-run-end.mjs';
import { clockOf, preflight, startRun } from './chaos-run-start.mjs';
import { createScenarioTracker } from './chaos-scenario-tracker.mjs';
import { followStream, ingestStreamEvent } from './chaos-stream.mjs';
import { createBreakerTracker, createFaultTracker, createTimeline } from './chaos-timeline.mjs';
import { driveTraffic, MAX_CONCURRENCY } from './chaos-traffic.mjs';

/** Speeds the fault proxy accepts for a scenario. */
export const SPEED = Object.freeze({ min: 0.1, max: 20 });

/**
 * @typedef {object} RunOptions
 * @property {string} baseUrl the shell's origin
 * @property {import('./chaos-scenario.mjs').Scenario} scenario as the fault proxy lists it
 * @property {number} [speed] 0.1–20; the proxy divides every scenario time (steps, fault durations) by it, the
 *   traffic runs for the scaled length; fault options keep their values
 * @property {AbortSignal} [signal] aborting stops early; the scenario is still cancelled, the faults cleared and
 *   the report returned
 * @property {(line: string) => void} [log] live progress lines
 * @property {number} [requestTimeoutMs] per traffic request (default 10 s: above the BFF's worst case with retries)
 * @property {number} [concurrency] 1 to MAX_CONCURRENCY
 */

/** @typedef {import('./chaos-report.mjs').ChaosReport} ChaosReport */
/** @typedef {import('./chaos-api.mjs').ChaosClient} ChaosClient */
/** @typedef {import('./chaos-stream.mjs').Trackers} Trackers */

/**
 * Checks the options that need no request: speed, and a storefront on this machine.
 * @param {RunOptions} opts
 */
function settingsOf(opts) {
  const speed = opts.speed ?? 1;
  if (!(speed >= SPEED.min && speed <= SPEED.max))
    throw new ChaosError('BAD_SPEED', `--speed must be from ${SPEED.min} to ${SPEED.max}`, 2);
  const base = normaliseBaseUrl(opts.baseUrl);
  if (!isLoopbackUrl(base)) {
    throw new ChaosError(
      'NOT_LOOPBACK',
      `${base} is not on this machine; chaos runs only drive loopback traffic`,
      2,
    );
  }
  return {
    speed,
    base,
    log: opts.log ?? (() => {}),
    concurrency: Math.min(MAX_CONCURRENCY, Math.max(1, opts.concurrency ?? MAX_CONCURRENCY)),
    requestTimeoutMs: opts.requestTimeoutMs ?? 10_000,
  };
}

/**
 * While the scenario runs: trackers fed by the live stream, and the traffic (until `stop` aborts).
 * @param {{ opts: RunOptions, settings: ReturnType<typeof settingsOf>, before: Awaited<ReturnType<typeof preflight>>,
 *   run: import('./chaos-api.mjs').ScenarioRun | null, clock: ReturnType<typeof clockOf>,
 *   timeline: ReturnType<typeof createTimeline>, stop: AbortController }} input
 */
function observeAndDrive({ opts, settings, before, run, clock, timeline, stop }) {
  const { scenario } = opts;
  const { warnings } = before;
  /** @type {Trackers} */
  const trackers = {
    faults: createFaultTracker({ timeline, startEpoch: clock.startEpoch, before: before.faults }),
    scenario: createScenarioTracker({
      timeline,
      name: scenario.name,
      run,
      warn: (w) => warnings.push(w),
      startEpoch: clock.startEpoch,
    }),
    breakers: createBreakerTracker({ timeline, startEpoch: clock.startEpoch, initial: before.breakers }),
  };
  const stream = followStream({
    base: settings.base,
    onEvent: (event) => ingestStreamEvent(event, clock.now, trackers),
    warn: (message) => {
      warnings.push(`/api/ops/stream: ${message}; transitions and faults may be missing`);
      settings.log(`warning: /api/ops/stream: ${message} (retrying)`);
    },
  });
  if (before.checkout !== null) {
    const shopping = startCheckout(before.checkout, {
      speed: settings.speed,
      endAt: clock.endAt,
      stop: stop.signal,
    });
    return { trackers, stream, traffic: null, shopping };
  }
  // An anonymous cart id of our own, so `/api/cart` reaches the cart service (without one the BFF answers an
  // empty cart itself). Reads only: nothing is ever written to this cart.
  const cookie = `sf_cart=${randomBytes(16).toString('base64url')}`;
  const traffic = driveTraffic({
    targets: before.traffic,
    ratePerSec: before.ratePerSec,
    lengthMs: clock.lengthMs,
    t0: clock.t0,
    concurrency: settings.concurrency,
    requestTimeoutMs: settings.requestTimeoutMs,
    cookie,
    stop: stop.signal,
  });
  return { trackers, stream, traffic, shopping: null };
}

/**
 * Runs a scenario through the fault proxy, drives its traffic and returns the report. Throws a ChaosError before
 * the scenario starts when the storefront, its fault API, the proxy's copy of the scenario or the registry is not
 * usable.
 * @param {RunOptions} opts
 * @returns {Promise<ChaosReport>}
 */
export async function runScenario(opts) {
  const { scenario } = opts;
  const settings = settingsOf(opts);
  const client = createChaosClient(settings.base);
  const before = await preflight(client, settings, scenario);
  // Last before the start: a run that fails earlier leaves the mode alone.
  const mode = scenario.checkoutMode
    ? await enterCheckoutMode(client, scenario.checkoutMode, settings.log)
    : null;
  try {
    return await drive({ opts, settings, client, before, mode });
  } finally {
    // Put back when the run failed too (a second call does nothing).
    await mode?.restore();
  }
}

/**
 * The run itself, once everything it needs is ready: starts the scenario, drives and follows it, ends it and
 * builds the report.
 * @param {{ opts: RunOptions, settings: ReturnType<typeof settingsOf>, client: ChaosClient,
 *   before: Awaited<ReturnType<typeof preflight>>,
 *   mode: Awaited<ReturnType<typeof enterCheckoutMode>> | null }} input
 * @returns {Promise<ChaosReport>}
 */
async function drive({ opts, settings, client, before, mode }) {
  const { scenario } = opts;
  const { speed } = settings;
  const { warnings } = before;
  const run = await startRun(client, scenario.name, speed);
  const clock = clockOf(run, scenario.durationMs / speed);
  const timeline = createTimeline(settings.log);
  timeline.record({ atMs: 0, kind: 'scenario', name: scenario.name, event: 'started' });

  const stop = new AbortController();
  const onUserAbort = () => stop.abort();
  opts.signal?.addEventListener('abort', onUserAbort);
  if (opts.signal?.aborted) stop.abort();

  const { trackers, stream, traffic, shopping } = observeAndDrive({
    opts,
    settings,
    before,
    run,
    clock,
    timeline,
    stop,
  });

  await sleepUntil(clock.endAt, stop.signal);
  const aborted = opts.signal?.aborted ?? false;
  stop.abort();
  await traffic?.finish();
  await catchUp(client, trackers, clock.now);
  const cleanup = await cleanUp({ client, trackers, timeline, atMs: clock.now(), aborted, warnings });
  // No new checkout starts after the end, and one retried keeps the mode its record was opened in.
  const modeState = (await mode?.restore()) ?? null;
  if (modeState?.restored === false)
    warnings.push(`the checkout mode was not put back to ${modeState.previous}: ${modeState.problem}`);
  // After the cleanup: the checkouts still retrying get their answers from a storefront without faults.
  const checkout =
    shopping === null
      ? null
      : await concludeCheckout(shopping, { aborted, log: settings.log, mode: modeState });
  const final = await finalBreakerStates(client, trackers.breakers.states, stream.connected());
  await stream.stop();
  opts.signal?.removeEventListener('abort', onUserAbort);
  const endMs = clock.now();
  return buildReport({
    scenario,
    speed,
    startEpoch: clock.startEpoch,
    endMs,
    aborted,
    timeline,
    trackers,
    traffic: traffic ?? {
      stats: shopping?.driver.traffic ?? new Map(),
      counters: shopping?.driver.counters ?? { sent: 0, skipped: 0, cancelled: 0 },
    },
    checkout,
    cleanup,
    final,
    warnings,
  });
}
