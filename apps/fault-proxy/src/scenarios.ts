// Scenario files (apps/fault-proxy/scenarios/*.json) and their rules, owned here with the one executor
// (scenario-runner.ts): a bad file stops the start naming the file and the field, and `GET /scenarios` lists the
// valid ones for the console and the chaos CLI, which check nothing themselves.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECKOUT_MODES, type CheckoutMode } from '@storefront/contract';
import { ConfigError } from '@storefront/service-kit';
import type { FaultSpec } from './fault-types.js';
import { validateFault } from './faults.js';
import { timelineProblem } from './scenario-timeline.js';
import { describeTraffic, type Fail, parseTraffic, type ScenarioTraffic } from './scenario-traffic.js';

export type { CheckoutTraffic, PathTraffic, ScenarioTraffic } from './scenario-traffic.js';

/** An `inject` step, its fault validated and defaulted. */
export interface InjectStep {
  atMs: number;
  action: 'inject';
  target: string;
  fault: FaultSpec;
}

/** A `clear` step; no target means every fault the scenario injected. */
export interface ClearStep {
  atMs: number;
  action: 'clear';
  target: string | null;
}

/** A `kill` step: the supervisor SIGKILLs that process (and restarts it); see supervisor.ts. */
export interface KillStep {
  atMs: number;
  action: 'kill';
  process: string;
  /** How long the supervisor keeps it down before restarting it (scaled by the run's speed); absent: at once. */
  downForMs?: number;
}

/** One timed step of a scenario. */
export type ScenarioStep = InjectStep | ClearStep | KillStep;

/** A validated scenario file (docs/fault-injection.md, "Scenarios, run by the fault proxy"). */
export interface Scenario {
  name: string;
  description: string;
  durationMs: number;
  traffic: ScenarioTraffic;
  /**
   * The checkout mode the scenario's checkout traffic needs: the chaos CLI switches the cart's setting through the
   * BFF before the traffic and restores it after. The proxy only checks the word; null when the file sets none.
   */
  checkoutMode: CheckoutMode | null;
  steps: ScenarioStep[];
  /** The steps as written in the file, for `GET /scenarios`. */
  rawSteps: unknown[];
}

/** Longest scenario (10 minutes). */
export const MAX_SCENARIO_MS = 600_000;
/**
 * Bounds of a kill step's `downForMs`: the supervisor's API takes the same (scripts/lib/supervisor-api.mjs), so a
 * valid file is never refused at run time.
 */
export const DOWN_FOR_MS = { min: 1, max: 120_000 } as const;

const NAME = /^[a-z0-9][a-z0-9-]*$/;
const TARGET = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** A supervised process's name, as the supervisor's API takes it (e.g. `bff-1`, `cart-service`). */
const PROCESS = /^[a-z][a-z0-9-]{0,63}$/;
const STEP_KEYS = {
  inject: ['atMs', 'action', 'target', 'type', 'options', 'durationMs'],
  clear: ['atMs', 'action', 'target'],
  kill: ['atMs', 'action', 'process', 'downForMs'],
} as const;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const intIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/** A scenario file that cannot be used; a ConfigError, so that a bad file stops the start in one line. */
export class InvalidScenarioError extends ConfigError {
  constructor(source: string, field: string, problem: string) {
    super(`Invalid scenario file ${source}: ${field}: ${problem}`);
  }
}

function parseStep(
  step: unknown,
  index: number,
  durationMs: number,
  fail: Fail,
  known?: Set<string>,
): ScenarioStep {
  const where = `steps[${index}]`;
  if (!isObject(step)) return fail(where, 'must be an object');
  if (!intIn(step.atMs, 0, durationMs - 1)) {
    return fail(`${where}.atMs`, `must be an integer from 0 to ${durationMs - 1}`);
  }
  const action = step.action;
  if (action !== 'inject' && action !== 'clear' && action !== 'kill')
    return fail(`${where}.action`, 'must be "inject", "clear" or "kill"');
  const allowed: readonly string[] = STEP_KEYS[action];
  const extra = Object.keys(step).find((key) => !allowed.includes(key));
  if (extra !== undefined) return fail(`${where}.${extra}`, `not allowed in a "${action}" step`);
  if (action === 'kill') {
    const process = step.process;
    if (typeof process !== 'string' || !PROCESS.test(process)) {
      return fail(`${where}.process`, 'must be a process name such as "bff-1" or "cart-service"');
    }
    if (step.downForMs === undefined) return { atMs: step.atMs, action, process };
    if (!intIn(step.downForMs, DOWN_FOR_MS.min, DOWN_FOR_MS.max)) {
      return fail(`${where}.downForMs`, `must be an integer from ${DOWN_FOR_MS.min} to ${DOWN_FOR_MS.max}`);
    }
    return { atMs: step.atMs, action, process, downForMs: step.downForMs };
  }
  const target = step.target;
  if (action === 'clear' && target === undefined) return { atMs: step.atMs, action, target: null };
  if (typeof target !== 'string' || !TARGET.test(target)) {
    return fail(`${where}.target`, 'must be a target name such as "catalog" or "remote-cart"');
  }
  if (known !== undefined && !known.has(target)) {
    return fail(`${where}.target`, `"${target}" is not a configured target (${[...known].join(', ')})`);
  }
  if (action === 'clear') return { atMs: step.atMs, action, target };
  const verdict = validateFault({ type: step.type, options: step.options, durationMs: step.durationMs });
  if (!verdict.ok) return fail(where, verdict.message);
  return { atMs: step.atMs, action, target, fault: verdict.fault };
}

function parseSteps(steps: unknown, durationMs: number, fail: Fail, known?: Set<string>): ScenarioStep[] {
  if (!Array.isArray(steps) || steps.length === 0) return fail('steps', 'must be a non-empty array');
  const parsed = steps.map((step: unknown, index) => parseStep(step, index, durationMs, fail, known));
  parsed.forEach((step, index) => {
    const previous = parsed[index - 1];
    if (previous !== undefined && step.atMs < previous.atMs) {
      fail(`steps[${index}].atMs`, `steps must be in time order (${step.atMs} < ${previous.atMs})`);
    }
  });
  const problem = timelineProblem(parsed, durationMs);
  if (problem !== null) fail(...problem);
  return parsed;
}

/** A scenario's `checkoutMode`: one of the cart's modes, and only with checkout traffic (nothing else checks out). */
function parseCheckoutMode(value: unknown, traffic: ScenarioTraffic, fail: Fail): CheckoutMode | null {
  if (value === undefined) return null;
  const mode = CHECKOUT_MODES.find((candidate) => candidate === value);
  if (mode === undefined) return fail('checkoutMode', `must be one of ${CHECKOUT_MODES.join(', ')}`);
  if (!('kind' in traffic)) return fail('checkoutMode', 'needs checkout traffic ("kind": "checkout")');
  return mode;
}

/** Validates parsed JSON as a scenario; throws {@link InvalidScenarioError} naming `source` and the field. */
export function validateScenario(value: unknown, source: string, knownTargets?: Iterable<string>): Scenario {
  const fail: Fail = (field, problem) => {
    throw new InvalidScenarioError(source, field, problem);
  };
  if (!isObject(value)) return fail('(root)', 'must be a JSON object');
  const known = ['name', 'description', 'durationMs', 'checkoutMode', 'traffic', 'steps'];
  const extra = Object.keys(value).find((key) => !known.includes(key));
  if (extra !== undefined) fail(extra, 'unknown field');
  const { name, description, durationMs, steps } = value;
  if (typeof name !== 'string' || !NAME.test(name)) return fail('name', 'must be a kebab-case string');
  if (typeof description !== 'string' || description.trim() === '') {
    return fail('description', 'must be a non-empty string');
  }
  if (!intIn(durationMs, 1000, MAX_SCENARIO_MS)) {
    return fail('durationMs', `must be an integer from 1000 to ${MAX_SCENARIO_MS}`);
  }
  const traffic = parseTraffic(value.traffic, fail);
  const targets = knownTargets === undefined ? undefined : new Set(knownTargets);
  return {
    name,
    description,
    durationMs,
    traffic,
    checkoutMode: parseCheckoutMode(value.checkoutMode, traffic, fail),
    steps: parseSteps(steps, durationMs, fail, targets),
    rawSteps: steps as unknown[],
  };
}

/** The package's `scenarios/` folder, resolved from this file (works from `src/` and from `dist/`). */
export function defaultScenariosDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'scenarios');
}

/**
 * Loads and validates every `*.json` file of `dir`, sorted by name; each must be named after its file. Throws
 * a message naming the file and field at the first problem, so that a bad file stops the start.
 */
export function loadScenarios(dir: string, knownTargets?: Iterable<string>): Scenario[] {
  if (!existsSync(dir)) {
    throw new ConfigError(`Scenario folder ${dir} does not exist (FAULT_PROXY_SCENARIOS_DIR)`);
  }
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort();
  return files.map((file) => {
    const source = path.join(dir, file);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(source, 'utf8'));
    } catch (error) {
      throw new InvalidScenarioError(source, '(file)', `not valid JSON (${(error as Error).message})`);
    }
    const scenario = validateScenario(parsed, source, knownTargets);
    const expected = file.slice(0, -'.json'.length);
    if (scenario.name !== expected) {
      throw new InvalidScenarioError(source, 'name', `must be "${expected}", the file's name`);
    }
    return scenario;
  });
}

/** A scenario as `GET /scenarios` lists it: the steps as written, and the traffic the CLI drives. */
export interface ScenarioView {
  name: string;
  description: string;
  durationMs: number;
  traffic: ScenarioTraffic;
  /** Absent when the file sets none. */
  checkoutMode?: CheckoutMode;
  steps: unknown[];
}

/** The public view of a scenario (`GET /scenarios`). */
export function describeScenario(scenario: Scenario): ScenarioView {
  return {
    name: scenario.name,
    description: scenario.description,
    durationMs: scenario.durationMs,
    traffic: describeTraffic(scenario.traffic),
    ...(scenario.checkoutMode === null ? {} : { checkoutMode: scenario.checkoutMode }),
    steps: scenario.rawSteps,
  };
}
