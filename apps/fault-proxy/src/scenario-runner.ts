// The one executor of scenarios, for the console and the CLI alike: schedules a scenario's steps on timers, at most
// one run at a time, and clears the faults it injected when it ends or is cancelled. Kill steps go to the
// supervisor (supervisor.ts); one that fails is logged and kept in the run's state, and the run goes on.
import { DURATION_MS, type FaultSpec } from './fault-types.js';
import type { TargetDescription } from './proxy.js';
import type { InjectStep, Scenario, ScenarioStep } from './scenarios.js';
import { type KillOutcome, type ProcessKiller, runKill } from './supervisor.js';

/** Bounds of a run's `speed`. */
export const SPEED = { min: 0.1, max: 20, default: 1 } as const;
/** A scaled fault duration never goes below the fault proxy's own minimum. */
export const MIN_SCALED_DURATION_MS = DURATION_MS.min;

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
  /** Executes kill steps; null (the default) when no supervisor runs the stack. */
  killer?: ProcessKiller | null;
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
  /** The kill steps done so far and how each went (empty for a scenario without any). */
  kills: KillOutcome[];
}

interface ActiveRun {
  scenario: Scenario;
  info: RunInfo;
  stepsDone: number;
  kills: KillOutcome[];
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
  private readonly killer: ProcessKiller | null;
  private run: ActiveRun | null = null;
  /** The latest step chain, finished runs included (see {@link idle}). */
  private tail: Promise<void> = Promise.resolve();

  constructor(options: ScenarioRunnerOptions) {
    this.targets = options.targets;
    this.log = options.logger;
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? defaultTimers;
    this.killer = options.killer ?? null;
  }

  /** Whether kill steps can be executed (a supervisor is configured). */
  get canKill(): boolean {
    return this.killer !== null;
  }

  /** The running scenario, or null. */
  status(): ScenarioStatus | null {
    const run = this.run;
    if (run === null) return null;
    return {
      ...run.info,
      stepsDone: run.stepsDone,
      stepsTotal: run.scenario.steps.length,
      kills: run.kills.map((kill) => ({ ...kill })),
    };
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
      kills: [],
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
    if (step.action === 'kill') {
      // Held down as long as the other scenario times: a faster run brings the process back sooner.
      const downForMs =
        step.downForMs === undefined ? undefined : Math.max(1, scaledAt(step.downForMs, run.info.speed));
      const outcome = await runKill(this.killer, step.process, index, this.now, downForMs);
      run.kills.push(outcome);
      const fields = { name, event: 'step', step: index, action: 'kill', process: step.process, downForMs };
      if (outcome.result === 'killed') this.log.info({ ...fields, pid: outcome.pid }, 'scenario');
      else this.log.error({ ...fields, reason: outcome.message }, 'scenario step failed');
      run.stepsDone += 1;
      return;
    }
    try {
      if (step.action === 'inject') await this.inject(run, step);
      else if (step.target === null) await this.clearInjected(run);
      else {
        const target = this.targets.get(step.target);
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

  private async inject(run: ActiveRun, step: InjectStep): Promise<void> {
    const target = this.targets.get(step.target);
    if (target === undefined) throw new Error(`unknown target "${step.target}"`);
    const { durationMs } = step.fault;
    const speed = run.info.speed;
    const fault = {
      ...step.fault,
      durationMs: durationMs === null ? null : scaledDuration(durationMs, speed),
    };
    const described = await target.setFault(fault);
    if (described.fault !== null) run.injected.set(step.target, described.fault.injectedAt);
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
