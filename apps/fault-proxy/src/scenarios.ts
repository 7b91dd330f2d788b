import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FaultSpec, validateFault } from './faults.js';
import type { TargetDescription } from './proxy.js';

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

/** One timed step of a scenario. */
export type ScenarioStep = InjectStep | ClearStep;

/** A validated scenario file (docs/fault-injection.md, "Scenarios, run by the fault proxy"). */
export interface Scenario {
  name: string;
  description: string;
  durationMs: number;
  traffic: { ratePerSec: number; paths: string[] };
  steps: ScenarioStep[];
  /** The steps as written in the file, for `GET /scenarios`. */
  rawSteps: unknown[];
}

/** Longest scenario (10 minutes), as the CLI accepts. */
export const MAX_SCENARIO_MS = 600_000;
/** Bounds of a run's `speed`. */
export const SPEED = { min: 0.1, max: 20, default: 1 } as const;
/** A scaled fault duration never goes below the fault proxy's own minimum. */
export const MIN_SCALED_DURATION_MS = 1000;

const NAME = /^[a-z0-9][a-z0-9-]*$/;
const TARGET = /^[a-z0-9][a-z0-9-]{0,62}$/;
const STEP_KEYS = {
  inject: ['atMs', 'action', 'target', 'type', 'options', 'durationMs'],
  clear: ['atMs', 'action', 'target'],
} as const;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const intIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/** Thrown when a scenario file is not valid; the message names the file and the field. */
export class InvalidScenarioError extends Error {
  constructor(source: string, field: string, problem: string) {
    super(`Invalid scenario file ${source}: ${field}: ${problem}`);
    this.name = 'InvalidScenarioError';
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
  if (action !== 'inject' && action !== 'clear')
    return fail(`${where}.action`, 'must be "inject" or "clear"');
  const allowed: readonly string[] = STEP_KEYS[action];
  const extra = Object.keys(step).find((key) => !allowed.includes(key));
  if (extra !== undefined) return fail(`${where}.${extra}`, `not allowed in a "${action}" step`);
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

type Fail = (field: string, problem: string) => never;

/** Validates parsed JSON as a scenario; throws {@link InvalidScenarioError} naming `source` and the field. */
export function validateScenario(value: unknown, source: string, knownTargets?: Iterable<string>): Scenario {
  const fail: Fail = (field, problem) => {
    throw new InvalidScenarioError(source, field, problem);
  };
  if (!isObject(value)) return fail('(root)', 'must be a JSON object');
  const known = ['name', 'description', 'durationMs', 'traffic', 'steps'];
  const extra = Object.keys(value).find((key) => !known.includes(key));
  if (extra !== undefined) fail(extra, 'unknown field');
  const { name, description, durationMs, traffic, steps } = value;
  if (typeof name !== 'string' || !NAME.test(name)) fail('name', 'must be a kebab-case string');
  if (typeof description !== 'string' || description.trim() === '') {
    fail('description', 'must be a non-empty string');
  }
  if (!intIn(durationMs, 1000, MAX_SCENARIO_MS)) {
    return fail('durationMs', `must be an integer from 1000 to ${MAX_SCENARIO_MS}`);
  }
  if (!isObject(traffic)) return fail('traffic', 'must be an object { ratePerSec, paths }');
  const rate = traffic.ratePerSec;
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
    fail('traffic.ratePerSec', 'must be a number above 0');
  }
  const paths = traffic.paths;
  if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string')) {
    fail('traffic.paths', 'must be a non-empty array of strings');
  }
  if (!Array.isArray(steps) || steps.length === 0) return fail('steps', 'must be a non-empty array');
  const targets = knownTargets === undefined ? undefined : new Set(knownTargets);
  const parsed: ScenarioStep[] = steps.map((step, index) =>
    parseStep(step, index, durationMs, fail, targets),
  );
  parsed.forEach((step, index) => {
    const previous = parsed[index - 1];
    if (previous !== undefined && step.atMs < previous.atMs) {
      fail(`steps[${index}].atMs`, `steps must be in time order (${step.atMs} < ${previous.atMs})`);
    }
  });
  return {
    name: name as string,
    description: description as string,
    durationMs,
    traffic: { ratePerSec: rate as number, paths: paths as string[] },
    steps: parsed,
    rawSteps: steps,
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
  if (!existsSync(dir)) throw new Error(`Scenario folder ${dir} does not exist (FAULT_PROXY_SCENARIOS_DIR)`);
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

/** The public view of a scenario (`GET /scenarios`). */
export function describeScenario(scenario: Scenario): {
  name: string;
  description: string;
  durationMs: number;
  steps: unknown[];
} {
  return {
    name: scenario.name,
    description: scenario.description,
    durationMs: scenario.durationMs,
    steps: scenario.rawSteps,
  };
}

/** The part of a target proxy the runner drives. */
export interface ScenarioTarget {
  setFault(fault: FaultSpec): Promise<TargetDescription>;
  clearFault(reason: 'cleared'): Promise<TargetDescription>;
  describe(): TargetDescription;
}

/** Timers the runner uses; the defaults read the globals at call time so fake timers drive them in tests. */
export interface RunnerTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The subset of a pino logger the runner writes to. */
export interface RunnerLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Options of {@link ScenarioRunner}. */
export interface ScenarioRunnerOptions {
  targets: Map<string, ScenarioTarget>;
  logger: RunnerLogger;
  now?: () => number;
  timers?: RunnerTimers;
}

/** The answer of a run's start (`POST /scenarios/:name/run`). */
export interface RunInfo {
  name: string;
  startedAt: string;
  endsAt: string;
  speed: number;
}

/** The running scenario as `GET /faults` shows it. */
export interface ScenarioStatus extends RunInfo {
  stepsDone: number;
  stepsTotal: number;
}

interface ActiveRun {
  scenario: Scenario;
  info: RunInfo;
  stepsDone: number;
  handles: unknown[];
  /** Target name → `injectedAt` of the fault this run put there (to leave later, manual faults alone). */
  injected: Map<string, string>;
  /** Steps run one after the other even when their timers fire together. */
  chain: Promise<void>;
  over: boolean;
}

const defaultTimers: RunnerTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Scales a step's time by `speed`. */
export function scaledAt(atMs: number, speed: number): number {
  return Math.round(atMs / speed);
}

/** Scales a fault's duration by `speed`, never below {@link MIN_SCALED_DURATION_MS}. */
export function scaledDuration(durationMs: number, speed: number): number {
  return Math.max(MIN_SCALED_DURATION_MS, Math.round(durationMs / speed));
}

/** Runs at most one scenario at a time: schedules its steps with timers and can cancel it. */
export class ScenarioRunner {
  private readonly targets: Map<string, ScenarioTarget>;
  private readonly log: RunnerLogger;
  private readonly now: () => number;
  private readonly timers: RunnerTimers;
  private run: ActiveRun | null = null;
  /** The latest step chain, finished runs included (see {@link idle}). */
  private tail: Promise<void> = Promise.resolve();

  constructor(options: ScenarioRunnerOptions) {
    this.targets = options.targets;
    this.log = options.logger;
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? defaultTimers;
  }

  /** The running scenario, or null. */
  status(): ScenarioStatus | null {
    const run = this.run;
    if (run === null) return null;
    return { ...run.info, stepsDone: run.stepsDone, stepsTotal: run.scenario.steps.length };
  }

  /** Starts `scenario` at `speed`, cancelling (and clearing the faults of) any running one first. */
  async start(scenario: Scenario, speed: number): Promise<RunInfo> {
    await this.cancel();
    const started = this.now();
    const run: ActiveRun = {
      scenario,
      info: {
        name: scenario.name,
        startedAt: new Date(started).toISOString(),
        endsAt: new Date(started + scaledAt(scenario.durationMs, speed)).toISOString(),
        speed,
      },
      stepsDone: 0,
      handles: [],
      injected: new Map(),
      chain: Promise.resolve(),
      over: false,
    };
    this.run = run;
    this.log.info({ name: scenario.name, event: 'started', speed }, 'scenario');
    scenario.steps.forEach((step, index) => {
      run.handles.push(
        this.timers.setTimeout(
          () => {
            run.chain = run.chain.then(() => this.execute(run, step, index));
            this.tail = run.chain;
          },
          scaledAt(step.atMs, speed),
        ),
      );
    });
    run.handles.push(
      this.timers.setTimeout(
        () => {
          run.chain = run.chain.then(() => this.finish(run));
          this.tail = run.chain;
        },
        scaledAt(scenario.durationMs, speed),
      ),
    );
    return run.info;
  }

  /** Cancels the running scenario and clears the faults it injected; false when none was running. */
  async cancel(): Promise<boolean> {
    const run = this.run;
    if (run === null) return false;
    this.stop(run);
    // A step already under way finishes first, so that its fault is known and cleared too.
    await run.chain;
    this.log.info({ name: run.scenario.name, event: 'cancelled', stepsDone: run.stepsDone }, 'scenario');
    await this.clearInjected(run);
    return true;
  }

  /** Resolves once the steps whose timers have fired are done (tests, after advancing a clock). */
  idle(): Promise<void> {
    return this.tail;
  }

  /** Stops the timers without touching the faults (the app is closing). */
  dispose(): void {
    if (this.run !== null) this.stop(this.run);
  }

  private stop(run: ActiveRun): void {
    run.over = true;
    for (const handle of run.handles) this.timers.clearTimeout(handle);
    if (this.run === run) this.run = null;
  }

  private async execute(run: ActiveRun, step: ScenarioStep, index: number): Promise<void> {
    if (run.over) return;
    const name = run.scenario.name;
    try {
      const target = step.target === null ? undefined : this.targets.get(step.target);
      if (step.action === 'inject') {
        if (target === undefined) throw new Error(`unknown target "${step.target}"`);
        const { durationMs } = step.fault;
        const speed = run.info.speed;
        const fault = {
          ...step.fault,
          durationMs: durationMs === null ? null : scaledDuration(durationMs, speed),
        };
        const described = await target.setFault(fault);
        if (described.fault !== null) run.injected.set(step.target, described.fault.injectedAt);
      } else if (step.target === null) {
        await this.clearInjected(run);
      } else {
        if (target === undefined) throw new Error(`unknown target "${step.target}"`);
        await target.clearFault('cleared');
        run.injected.delete(step.target);
      }
      this.log.info(
        { name, event: 'step', step: index, action: step.action, target: step.target },
        'scenario',
      );
    } catch (error) {
      this.log.error({ name, event: 'step', step: index, err: error }, 'scenario step failed');
    }
    run.stepsDone += 1;
  }

  private async finish(run: ActiveRun): Promise<void> {
    if (run.over) return;
    this.stop(run);
    this.log.info({ name: run.scenario.name, event: 'finished', stepsDone: run.stepsDone }, 'scenario');
    // With a high speed, the 1 s floor can make a fault outlast the run: a finished scenario leaves no fault.
    await this.clearInjected(run);
  }

  /** Clears each target whose fault is still the one this run injected. */
  private async clearInjected(run: ActiveRun): Promise<void> {
    const entries = [...run.injected.entries()];
    run.injected.clear();
    await Promise.all(
      entries.map(async ([name, injectedAt]) => {
        const target = this.targets.get(name);
        if (target?.describe().fault?.injectedAt !== injectedAt) return;
        try {
          await target.clearFault('cleared');
        } catch (error) {
          this.log.error({ name: run.scenario.name, target: name, err: error }, 'scenario clear failed');
        }
      }),
    );
  }
}
