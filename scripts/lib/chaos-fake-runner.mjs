// The scenario executor of the chaos tests' fake storefront, like the fault proxy's: steps on timers divided by
// the speed (fault durations not below 1 s), inject, clear and kill steps, the kills kept in the run's state, and
// the faults it injected cleared when it is cancelled.

/** @typedef {{ type: string, options?: Record<string, number>, durationMs?: number }} FakeFaultRequest */
/**
 * A scenario as the fault proxy lists it (`GET /scenarios`).
 * @typedef {object} FakeScenario
 * @property {string} name
 * @property {string} description
 * @property {number} durationMs
 * @property {import('./chaos-scenario.mjs').PathTraffic | import('./chaos-scenario.mjs').CheckoutTraffic} traffic
 * @property {string} [checkoutMode]
 * @property {({ atMs: number, action: 'inject' | 'clear' | 'kill', target?: string, process?: string,
 *   downForMs?: number }
 *   & Partial<FakeFaultRequest>)[]} steps
 */
/**
 * @typedef {{ step: number, process: string, at: string, result: 'killed' | 'failed', pid: number | null,
 *   restarts: number | null, message: string | null }} FakeKill
 */
/**
 * @typedef {object} FakeRun
 * @property {string} name
 * @property {string} startedAt
 * @property {string} endsAt
 * @property {number} speed
 * @property {number} stepsDone
 * @property {number} stepsTotal
 * @property {FakeKill[]} kills
 */

/**
 * @param {{ inject: (target: string, fault: FakeFaultRequest) => void, clear: (target: string) => void,
 *   kill: (name: string, downForMs?: number) => { pid: number | null, restarts: number } | null }} ops
 *   kill's downForMs: already divided by the speed
 */
export function createFakeRunner({ inject, clear, kill }) {
  /** @type {FakeRun | null} */
  let run = null;
  /** @type {Set<NodeJS.Timeout>} the running scenario's step and end timers */
  const timers = new Set();
  /** @type {Set<string>} targets the running scenario injected */
  const injected = new Set();

  /** Cancels the running scenario and clears the faults it injected, like the proxy. */
  const cancel = () => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const target of injected) clear(target);
    injected.clear();
    run = null;
  };

  /**
   * @param {() => void} fn
   * @param {number} ms
   */
  const at = (fn, ms) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  /**
   * Starts a scenario (cancelling a running one).
   * @param {FakeScenario} scenario
   * @param {number} speed
   * @returns {FakeRun}
   */
  const start = (scenario, speed) => {
    cancel();
    const now = Date.now();
    /** @type {FakeRun} */
    const current = {
      name: scenario.name,
      startedAt: new Date(now).toISOString(),
      endsAt: new Date(now + scenario.durationMs / speed).toISOString(),
      speed,
      stepsDone: 0,
      stepsTotal: scenario.steps.length,
      kills: [],
    };
    run = current;
    scenario.steps.forEach((step, index) => {
      at(() => {
        if (step.action === 'kill' && step.process !== undefined) {
          const held = step.downForMs === undefined ? undefined : Math.round(step.downForMs / speed);
          const killed = kill(step.process, held);
          current.kills.push({
            step: index,
            process: step.process,
            at: new Date().toISOString(),
            result: killed ? 'killed' : 'failed',
            pid: killed?.pid ?? null,
            restarts: killed?.restarts ?? null,
            message: killed ? null : `the supervisor runs no process "${step.process}"`,
          });
        } else if (step.action === 'clear') {
          const targets = step.target === undefined ? [...injected] : [step.target];
          for (const target of targets) clear(target);
        } else if (step.target !== undefined && step.type !== undefined) {
          const durationMs =
            step.durationMs === undefined ? undefined : Math.max(1000, Math.round(step.durationMs / speed));
          injected.add(step.target);
          inject(step.target, { type: step.type, options: step.options ?? {}, durationMs });
        }
        current.stepsDone += 1;
      }, step.atMs / speed);
    });
    // At the end the scenario is over; faults with a duration run out by themselves.
    at(() => {
      timers.clear();
      injected.clear();
      run = null;
    }, scenario.durationMs / speed);
    return { ...current, kills: [] };
  };

  return {
    start,
    cancel,
    /** The running scenario's state, as `GET /faults` shows it. */
    current: () => (run ? { ...run, kills: run.kills.map((k) => ({ ...k })) } : null),
    /** Stops the timers (the fake is closing). */
    dispose() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
