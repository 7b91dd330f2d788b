// The start of a `chaos run`: what must work before the scenario starts (preflight), the fault proxy's start of
// it, and the run's clock, which counts from the proxy's start (chaos-run.mjs drives the rest).
import { performance } from 'node:perf_hooks';
import { ChaosError } from './chaos-api.mjs';
import { describeFault } from './chaos-faults.mjs';
import { checkKills } from './chaos-processes.mjs';
import { prepareCheckout } from './chaos-run-checkout.mjs';
import { isCheckoutTraffic } from './chaos-scenario.mjs';
import { resolveTraffic } from './chaos-traffic.mjs';

/** @typedef {import('./chaos-api.mjs').ChaosClient} ChaosClient */
/** @typedef {{ base: string, requestTimeoutMs: number, log: (line: string) => void }} StartSettings */

/**
 * Everything that must work before the scenario starts (each fails with a clear error), and the state at the
 * start: the faults already there (a warning each) and the breakers; with checkout traffic, the shoppers signed up
 * and the stock read.
 * @param {ChaosClient} client
 * @param {StartSettings} settings
 * @param {import('./chaos-scenario.mjs').Scenario} scenario
 */
export async function preflight(client, settings, scenario) {
  const { base } = settings;
  const faults = await client.listFaults();
  // Before any sign-up: a scenario that kills needs the supervisor.
  const warnings = await checkKills(client, scenario);
  const paths = isCheckoutTraffic(scenario.traffic) ? null : scenario.traffic;
  const traffic = await resolveTraffic(base, paths?.paths ?? [], client);
  const checkout = isCheckoutTraffic(scenario.traffic)
    ? await prepareCheckout({
        base,
        traffic: scenario.traffic,
        timeoutMs: settings.requestTimeoutMs,
        log: settings.log,
      })
    : null;
  for (const t of faults) {
    if (t.fault) {
      warnings.push(
        `${t.name} already had a fault (${describeFault(t.fault)}) before the run; it was cleared at the end`,
      );
    }
  }
  /** @type {Map<string, string>} */
  const breakers = new Map();
  try {
    for (const u of await client.resilience()) breakers.set(u.name, u.state);
  } catch (err) {
    warnings.push(`breaker states unknown at start: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { faults, traffic, ratePerSec: paths?.ratePerSec ?? 0, checkout, warnings, breakers };
}

/**
 * Has the fault proxy start the scenario (the one executor for the console and the CLI).
 * @param {ChaosClient} client
 * @param {string} name
 * @param {number} speed
 */
export async function startRun(client, name, speed) {
  try {
    return await client.runScenario(name, speed);
  } catch (err) {
    // A request that timed out may still have started it.
    if (err instanceof ChaosError && err.code === 'CONNECTION_FAILED')
      await client.cancelScenario().catch(() => {});
    throw err;
  }
}

/**
 * The run's clock: times count from the proxy's start of the scenario, and it lasts as long as the proxy says.
 * @param {import('./chaos-api.mjs').ScenarioRun | null} run
 * @param {number} scaledLengthMs the scenario's length divided by the speed, when the proxy does not say
 */
export function clockOf(run, scaledLengthMs) {
  const proxyStart = run ? Date.parse(run.startedAt) : Number.NaN;
  const proxyEnd = run ? Date.parse(run.endsAt) : Number.NaN;
  const startEpoch = Number.isNaN(proxyStart) ? Date.now() : Math.min(proxyStart, Date.now());
  // performance.now() of the proxy's start, so that timeline times count from the scenario's start.
  const t0 = performance.now() - (Date.now() - startEpoch);
  const lengthMs =
    Number.isNaN(proxyStart) || Number.isNaN(proxyEnd) || proxyEnd <= proxyStart
      ? scaledLengthMs
      : proxyEnd - proxyStart;
  return { startEpoch, t0, lengthMs, endAt: t0 + lengthMs, now: () => performance.now() - t0 };
}
