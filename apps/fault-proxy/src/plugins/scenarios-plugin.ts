import { definePlugin } from '@storefront/service-kit';
import { type RunnerTimers, ScenarioRunner } from '../scenario-runner.js';
import type { Scenario } from '../scenarios.js';
import type { ProcessKiller } from '../supervisor.js';

/** Options of {@link scenariosPlugin}. */
export interface ScenariosPluginOptions extends Record<string, unknown> {
  scenarios: Scenario[];
  now?: () => number;
  timers?: RunnerTimers;
  /** Executes kill steps; null when no supervisor runs the stack. */
  killer?: ProcessKiller | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The loaded scenarios by name. */
    scenarios: Map<string, Scenario>;
    /** The one scenario executor. */
    scenarioRunner: ScenarioRunner;
  }
}

/** Holds the scenarios and their runner (after the targets plugin); stops a running scenario on close. */
export const scenariosPlugin = definePlugin<ScenariosPluginOptions>(
  'fault-proxy-scenarios',
  async (fastify, opts) => {
    fastify.decorate('scenarios', new Map(opts.scenarios.map((scenario) => [scenario.name, scenario])));
    fastify.decorate(
      'scenarioRunner',
      new ScenarioRunner({
        targets: fastify.targets,
        logger: fastify.log,
        now: opts.now,
        timers: opts.timers,
        killer: opts.killer,
      }),
    );
    // preClose: the target proxies stop on close anyway; only the timers must not fire afterwards.
    fastify.addHook('preClose', async () => fastify.scenarioRunner.dispose());
  },
  // The runner drives the target proxies.
  { dependencies: ['fault-proxy-targets'] },
);
