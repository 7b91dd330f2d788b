// Scenarios as the fault proxy lists them (`GET /api/faults/scenarios`). The proxy owns the files and their rules
// and refuses to start with a bad one; the CLI only reads what it needs to list one and to run it: its name,
// description and length, the traffic to drive, and the steps' targets.
import { ChaosError } from './chaos-api.mjs';
import { isRecord } from './chaos-faults.mjs';

/**
 * @typedef {object} ScenarioStep
 * @property {number} atMs
 * @property {'inject' | 'clear'} action
 * @property {string} [target] absent on a clear step that clears every fault the scenario injected
 */
/**
 * @typedef {object} Scenario
 * @property {string} name
 * @property {string} description
 * @property {number} durationMs
 * @property {{ ratePerSec: number, paths: string[] }} traffic
 * @property {ScenarioStep[]} steps
 */

/**
 * Reads one listed scenario; null when it lacks what running it takes (e.g. a BFF that drops `traffic`).
 * @param {Record<string, unknown>} raw
 * @returns {Scenario | null}
 */
export function readScenario(raw) {
  const { name, description, durationMs, traffic, steps } = raw;
  if (typeof name !== 'string' || typeof description !== 'string' || typeof durationMs !== 'number')
    return null;
  if (!isRecord(traffic) || typeof traffic.ratePerSec !== 'number' || !(traffic.ratePerSec > 0)) return null;
  const paths = traffic.paths;
  if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string')) return null;
  if (!Array.isArray(steps) || !steps.every(isRecord)) return null;
  return {
    name,
    description,
    durationMs,
    traffic: { ratePerSec: traffic.ratePerSec, paths },
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
