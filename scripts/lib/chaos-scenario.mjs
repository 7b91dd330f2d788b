// Scenarios as the fault proxy lists them (`GET /api/faults/scenarios`). The proxy owns the files and their rules
// and refuses to start with a bad one; the CLI only reads what it needs to list one and to run it: its name,
// description and length, the traffic to drive (paths, or shoppers checking out), and the steps' targets and
// processes.
import { ChaosError } from './chaos-api.mjs';
import { formatMs } from './chaos-duration.mjs';
import { isRecord } from './chaos-faults.mjs';

/**
 * @typedef {object} ScenarioStep
 * @property {number} atMs
 * @property {'inject' | 'clear' | 'kill'} action
 * @property {string} [target] absent on a kill step, and on a clear step that clears every fault the scenario
 *   injected
 * @property {string} [process] kill steps: the process the supervisor kills
 * @property {number} [downForMs] kill steps: how long the supervisor keeps it down before restarting it
 */
/** @typedef {{ ratePerSec: number, paths: string[] }} PathTraffic */
/** @typedef {{ kind: 'checkout', shoppers: number, pauseMs: number, graceMs: number }} CheckoutTraffic */
/**
 * @typedef {object} Scenario
 * @property {string} name
 * @property {string} description
 * @property {number} durationMs
 * @property {PathTraffic | CheckoutTraffic} traffic
 * @property {string | null} [checkoutMode] the cart's checkout mode the run switches to (and back), null for none
 * @property {ScenarioStep[]} steps
 */

/**
 * Reads a listed scenario's traffic: checkout traffic (the proxy fills in its defaults), or paths; null when it
 * is neither.
 * @param {unknown} traffic
 * @returns {PathTraffic | CheckoutTraffic | null}
 */
function readTraffic(traffic) {
  if (!isRecord(traffic)) return null;
  if (traffic.kind === 'checkout') {
    const { shoppers, pauseMs, graceMs } = traffic;
    if (typeof shoppers !== 'number' || !(shoppers >= 1)) return null;
    return {
      kind: 'checkout',
      shoppers,
      pauseMs: typeof pauseMs === 'number' ? pauseMs : 1000,
      graceMs: typeof graceMs === 'number' ? graceMs : 20_000,
    };
  }
  if (typeof traffic.ratePerSec !== 'number' || !(traffic.ratePerSec > 0)) return null;
  const paths = traffic.paths;
  if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string')) return null;
  return { ratePerSec: traffic.ratePerSec, paths };
}

/**
 * Whether a scenario's traffic is shoppers checking out.
 * @param {PathTraffic | CheckoutTraffic} traffic
 * @returns {traffic is CheckoutTraffic}
 */
export function isCheckoutTraffic(traffic) {
  return 'kind' in traffic && traffic.kind === 'checkout';
}

/**
 * Reads one listed scenario; null when it lacks what running it takes (e.g. a BFF that drops `traffic`).
 * @param {Record<string, unknown>} raw
 * @returns {Scenario | null}
 */
export function readScenario(raw) {
  const { name, description, durationMs, traffic, steps } = raw;
  if (typeof name !== 'string' || typeof description !== 'string' || typeof durationMs !== 'number')
    return null;
  const read = readTraffic(traffic);
  if (read === null) return null;
  if (!Array.isArray(steps) || !steps.every(isRecord)) return null;
  const checkoutMode = typeof raw.checkoutMode === 'string' ? raw.checkoutMode : null;
  return {
    name,
    description,
    durationMs,
    traffic: read,
    checkoutMode,
    steps: /** @type {ScenarioStep[]} */ (steps),
  };
}

/**
 * The scenario called `name` among those listed; SCENARIO_NOT_FOUND (bad usage) names the known ones.
 * @param {Record<string, unknown>[]} listed
 * @param {string} name
 * @returns {Scenario}
 */
export function findScenario(listed, name) {
  const raw = listed.find((s) => s.name === name);
  if (raw === undefined) {
    const known = listed.map((s) => String(s.name)).join(', ');
    throw new ChaosError('SCENARIO_NOT_FOUND', `no scenario "${name}" (known: ${known || 'none'})`, 2);
  }
  const scenario = readScenario(raw);
  if (scenario === null) {
    throw new ChaosError(
      'SCENARIO_UNREADABLE',
      `the storefront lists "${name}" without its traffic or steps; are the BFF and the fault proxy up to date?`,
    );
  }
  return scenario;
}

/**
 * The targets a scenario's steps touch, in order of first use.
 * @param {{ steps?: unknown }} scenario
 * @returns {string[]}
 */
export function scenarioTargets(scenario) {
  const steps = Array.isArray(scenario.steps) ? scenario.steps : [];
  const targets = steps.map((s) => (isRecord(s) ? s.target : undefined));
  return [...new Set(targets.filter((t) => typeof t === 'string'))];
}

/**
 * The processes a scenario's kill steps kill, in order of first kill.
 * @param {{ steps?: unknown }} scenario
 * @returns {string[]}
 */
export function scenarioProcesses(scenario) {
  const steps = Array.isArray(scenario.steps) ? scenario.steps : [];
  const names = steps.map((s) => (isRecord(s) && s.action === 'kill' ? s.process : undefined));
  return [...new Set(names.filter((p) => typeof p === 'string'))];
}

/**
 * What `chaos list` says of a scenario after its length: targets, killed processes (and how long one is kept
 * down), checkout traffic and its mode, e.g. `cart; kills bff-1; 6 shoppers checking out`.
 * @param {Scenario} scenario
 * @returns {string}
 */
export function scenarioSummary(scenario) {
  const parts = [scenarioTargets(scenario).join(', ')];
  const kills = scenarioProcesses(scenario);
  if (kills.length > 0) parts.push(`kills ${kills.join(', ')}`);
  const held = scenario.steps.filter((s) => s.action === 'kill' && typeof s.downForMs === 'number');
  for (const s of held) parts.push(`${s.process} down for ${formatMs(s.downForMs ?? 0)}`);
  const { traffic } = scenario;
  if (isCheckoutTraffic(traffic)) {
    const mode = scenario.checkoutMode === null ? '' : ` (${scenario.checkoutMode})`;
    parts.push(`${traffic.shoppers} shoppers checking out${mode}`);
  }
  return parts.filter((p) => p !== '').join('; ');
}

/**
 * `chaos list`: every scenario the fault proxy runs, with its length, what it touches and its description.
 * @param {import('./chaos-api.mjs').ChaosClient} client
 */
export async function printScenarios(client) {
  const scenarios = await client.scenarios();
  if (scenarios.length === 0) console.log('the fault proxy has no scenarios');
  for (const raw of scenarios) {
    const scenario = readScenario(raw);
    if (!scenario) {
      console.log(`${String(raw.name)}  (listed without its traffic or steps)\n`);
      continue;
    }
    console.log(
      `${scenario.name}  (${formatMs(scenario.durationMs)}; ${scenarioSummary(scenario)})\n  ${scenario.description}\n`,
    );
  }
}
