// Chaos scenarios: JSON files owned by the fault proxy, in apps/fault-proxy/scenarios/ (format in
// docs/fault-injection.md). The proxy executes the steps; the CLI reads the files to list them and to drive the
// traffic, and checks them on load so that a typo fails before anything starts, naming each problem by its JSON path.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChaosError } from './chaos-api.mjs';
import { faultProblems, isRecord, isTarget, TARGETS } from './chaos-faults.mjs';

/** The repository's root (this file is scripts/lib/chaos-scenario.mjs). */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the shipped scenarios live: with the fault proxy, their one executor. */
export const SCENARIO_DIR = path.join(REPO_ROOT, 'apps', 'fault-proxy', 'scenarios');

/** Time left after the last fault ends: the breakers' half-open probe (5 s by default) must fit in it. */
export const MIN_RECOVERY_TAIL_MS = 5000;
/** Longest scenario (10 minutes). */
export const MAX_SCENARIO_MS = 600_000;
/** Highest traffic rate: enough to trip breakers, low enough to stay a demo and not a load test. */
export const MAX_RATE_PER_SEC = 50;

/**
 * @typedef {object} InjectStep
 * @property {number} atMs
 * @property {'inject'} action
 * @property {string} target
 * @property {string} type
 * @property {Record<string, number>} [options]
 * @property {number} [durationMs]
 */
/**
 * @typedef {object} ClearStep
 * @property {number} atMs
 * @property {'clear'} action
 * @property {string} [target] omitted: every fault the scenario injected
 */
/** @typedef {InjectStep | ClearStep} ScenarioStep */
/**
 * @typedef {object} Scenario
 * @property {string} name
 * @property {string} description
 * @property {number} durationMs
 * @property {{ ratePerSec: number, paths: string[] }} traffic
 * @property {ScenarioStep[]} steps
 */

const NAME = /^[a-z0-9][a-z0-9-]*$/;
const REGISTRY_PATH = /^registry:[a-z][a-z0-9-]*$/;
const STEP_KEYS = {
  inject: ['atMs', 'action', 'target', 'type', 'options', 'durationMs'],
  clear: ['atMs', 'action', 'target'],
};

/**
 * @param {unknown} value
 * @param {number} min
 * @param {number} max
 */
const intIn = (value, min, max) => Number.isInteger(value) && Number(value) >= min && Number(value) <= max;

/**
 * When each injected fault is in force: from its step until it expires, is cleared or is replaced
 * (`endMs` is Infinity for a fault that nothing ends).
 * @param {ScenarioStep[]} steps in time order
 * @returns {{ index: number, target: string, startMs: number, endMs: number }[]}
 */
export function faultWindows(steps) {
  /** @type {Map<string, { index: number, startMs: number, endMs: number }>} */
  const active = new Map();
  /** @type {{ index: number, target: string, startMs: number, endMs: number }[]} */
  const windows = [];
  /**
   * @param {string} target
   * @param {number} atMs
   */
  const end = (target, atMs) => {
    const fault = active.get(target);
    if (!fault) return;
    windows.push({ ...fault, target, endMs: Math.min(fault.endMs, atMs) });
    active.delete(target);
  };
  steps.forEach((step, index) => {
    if (step.action === 'inject') {
      end(step.target, step.atMs);
      const endMs = step.durationMs === undefined ? Infinity : step.atMs + step.durationMs;
      active.set(step.target, { index, startMs: step.atMs, endMs });
    } else if (step.target === undefined) {
      for (const target of [...active.keys()]) end(target, step.atMs);
    } else {
      end(step.target, step.atMs);
    }
  });
  for (const target of [...active.keys()]) end(target, Infinity);
  return windows.sort((a, b) => a.index - b.index);
}

/**
 * Checks the fault timeline: every fault must end early enough to leave a recovery tail in which the breakers
 * can be seen closing again.
 * @param {ScenarioStep[]} steps
 * @param {number} durationMs
 * @returns {string[]}
 */
function timelineProblems(steps, durationMs) {
  /** @type {string[]} */
  const problems = [];
  let lastEnd = 0;
  for (const fault of faultWindows(steps)) {
    if (fault.endMs > durationMs) {
      problems.push(
        `steps[${fault.index}]: the fault on "${fault.target}" outlasts the scenario; give it a durationMs or add a later clear step`,
      );
    } else {
      lastEnd = Math.max(lastEnd, fault.endMs);
    }
  }
  if (problems.length === 0 && durationMs - lastEnd < MIN_RECOVERY_TAIL_MS) {
    problems.push(
      `durationMs: the last fault ends at ${lastEnd} ms, which leaves ${durationMs - lastEnd} ms; keep a recovery tail of at least ${MIN_RECOVERY_TAIL_MS} ms so the breakers can close`,
    );
  }
  return problems;
}

/**
 * Checks one step; returns its problems.
 * @param {unknown} step
 * @param {number} index
 * @param {unknown} durationMs
 * @returns {string[]}
 */
function stepProblems(step, index, durationMs) {
  const where = `steps[${index}].`;
  if (!isRecord(step)) return [`steps[${index}]: must be an object`];
  /** @type {string[]} */
  const problems = [];
  const maxAt = Number.isInteger(durationMs) ? Number(durationMs) - 1 : MAX_SCENARIO_MS;
  if (!intIn(step.atMs, 0, maxAt)) problems.push(`${where}atMs: must be an integer from 0 to ${maxAt}`);
  if (step.action !== 'inject' && step.action !== 'clear') {
    problems.push(`${where}action: must be "inject" or "clear"`);
    return problems;
  }
  for (const key of Object.keys(step)) {
    if (!STEP_KEYS[step.action].includes(key))
      problems.push(`${where}${key}: not allowed in a "${step.action}" step`);
  }
  if (step.action === 'clear' && step.target === undefined) return problems;
  if (!isTarget(step.target)) {
    problems.push(`${where}target: ${JSON.stringify(step.target)} is not a target (${TARGETS.join(', ')})`);
  }
  if (step.action === 'inject')
    problems.push(...faultProblems(step.type, step.options, step.durationMs, where));
  return problems;
}

/**
 * Validates parsed JSON as a scenario; throws a ChaosError (SCENARIO_INVALID) listing every problem.
 * @param {unknown} value
 * @param {string} source the file (or label) named in the error
 * @returns {Scenario}
 */
export function validateScenario(value, source) {
  /** @type {string[]} */
  const problems = [];
  if (!isRecord(value)) {
    problems.push('must be a JSON object');
  } else {
    const known = ['name', 'description', 'durationMs', 'traffic', 'steps'];
    for (const key of Object.keys(value)) if (!known.includes(key)) problems.push(`${key}: unknown field`);
    if (typeof value.name !== 'string' || !NAME.test(value.name)) {
      problems.push('name: must be a kebab-case string (e.g. "catalog-outage")');
    }
    if (typeof value.description !== 'string' || value.description.trim() === '') {
      problems.push('description: must be a non-empty string');
    }
    if (!intIn(value.durationMs, 1000, MAX_SCENARIO_MS)) {
      problems.push(`durationMs: must be an integer from 1000 to ${MAX_SCENARIO_MS}`);
    }
    const traffic = value.traffic;
    if (!isRecord(traffic)) {
      problems.push('traffic: must be an object { ratePerSec, paths }');
    } else {
      for (const key of Object.keys(traffic)) {
        if (key !== 'ratePerSec' && key !== 'paths') problems.push(`traffic.${key}: unknown field`);
      }
      const rate = traffic.ratePerSec;
      if (typeof rate !== 'number' || !(rate > 0) || rate > MAX_RATE_PER_SEC) {
        problems.push(`traffic.ratePerSec: must be a number above 0 and at most ${MAX_RATE_PER_SEC}`);
      }
      if (!Array.isArray(traffic.paths) || traffic.paths.length === 0) {
        problems.push('traffic.paths: must be a non-empty array');
      } else {
        traffic.paths.forEach((p, i) => {
          const ok =
            typeof p === 'string' && ((p.startsWith('/') && !p.startsWith('//')) || REGISTRY_PATH.test(p));
          if (!ok) {
            problems.push(
              `traffic.paths[${i}]: ${JSON.stringify(p)} must be a path on the shell's origin ("/api/...") or "registry:<remote>"`,
            );
          }
        });
      }
    }
    const steps = value.steps;
    if (!Array.isArray(steps) || steps.length === 0) {
      problems.push('steps: must be a non-empty array');
    } else {
      const before = problems.length;
      steps.forEach((step, i) => {
        problems.push(...stepProblems(step, i, value.durationMs));
        const prev = steps[i - 1];
        if (i > 0 && isRecord(step) && isRecord(prev) && Number(step.atMs) < Number(prev.atMs)) {
          problems.push(`steps[${i}].atMs: steps must be in time order (${step.atMs} < ${prev.atMs})`);
        }
      });
      if (problems.length === before && intIn(value.durationMs, 1000, MAX_SCENARIO_MS)) {
        problems.push(...timelineProblems(/** @type {ScenarioStep[]} */ (steps), Number(value.durationMs)));
      }
    }
  }
  if (problems.length > 0) {
    throw new ChaosError(
      'SCENARIO_INVALID',
      `${source} is not a valid scenario:\n  - ${problems.join('\n  - ')}`,
    );
  }
  return /** @type {Scenario} */ (value);
}

/**
 * Names of the scenarios in a folder (file names without `.json`), sorted.
 * @param {string} [dir]
 * @returns {string[]}
 */
export function scenarioNames(dir = SCENARIO_DIR) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/**
 * Loads and validates a scenario by name (from `dir`) or by file path (anything ending in `.json`).
 * @param {string} nameOrPath
 * @param {string} [dir]
 * @returns {Scenario}
 */
export function loadScenario(nameOrPath, dir = SCENARIO_DIR) {
  const byPath = nameOrPath.endsWith('.json') || nameOrPath.includes('/') || nameOrPath.includes(path.sep);
  const file = byPath ? path.resolve(nameOrPath) : path.join(dir, `${nameOrPath}.json`);
  if (!existsSync(file)) {
    const known = scenarioNames(dir);
    throw new ChaosError(
      'SCENARIO_NOT_FOUND',
      byPath ? `no such file: ${file}` : `no scenario "${nameOrPath}" (known: ${known.join(', ') || 'none'})`,
      2,
    );
  }
  const label = path.basename(file);
  /** @type {unknown} */
  let parsed;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ChaosError(
      'SCENARIO_INVALID',
      `${label} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const scenario = validateScenario(parsed, label);
  const expected = label.slice(0, -'.json'.length);
  if (scenario.name !== expected) {
    throw new ChaosError(
      'SCENARIO_INVALID',
      `${label} is not a valid scenario:\n  - name: "${scenario.name}" must match the file name ("${expected}")`,
    );
  }
  return scenario;
}

/**
 * Every scenario in a folder, valid or not (for `chaos list`).
 * @param {string} [dir]
 * @returns {{ name: string, scenario: Scenario | null, error: string | null }[]}
 */
export function listScenarios(dir = SCENARIO_DIR) {
  return scenarioNames(dir).map((name) => {
    try {
      return { name, scenario: loadScenario(name, dir), error: null };
    } catch (err) {
      return { name, scenario: null, error: err instanceof Error ? err.message : String(err) };
    }
  });
}
