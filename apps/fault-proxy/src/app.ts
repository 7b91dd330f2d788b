import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { errorHandlerPlugin, frameworkErrorHandler } from './plugins/error-handler-plugin.js';
import { loopbackOnlyPlugin } from './plugins/loopback-only-plugin.js';
import { scenariosPlugin } from './plugins/scenarios-plugin.js';
import { type TargetSpec, type TargetsPluginOptions, targetsPlugin } from './plugins/targets-plugin.js';
import { faultsRoutes } from './routes/faults-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { scenariosRoutes } from './routes/scenarios-routes.js';
import type { RunnerTimers, Scenario } from './scenarios.js';

export type { TargetSpec } from './plugins/targets-plugin.js';

/** Options of {@link build}. */
export interface BuildOptions {
  targets: TargetSpec[];
  /** Fastify/pino logger options; `false` (default) keeps tests quiet. */
  logger?: FastifyServerOptions['logger'];
  /** Interface the target proxies listen on (default 127.0.0.1). */
  host?: string;
  /** Test seams passed to every target proxy. */
  now?: TargetsPluginOptions['now'];
  random?: TargetsPluginOptions['random'];
  delay?: TargetsPluginOptions['delay'];
  /** Validated scenarios (see `loadScenarios`); none by default. */
  scenarios?: Scenario[];
  /** Timers of the scenario runner (tests). */
  scenarioTimers?: RunnerTimers;
}

/** Creates the control API with its target proxies; proxies listen once the app is ready and stop on close. */
export function build(opts: BuildOptions): FastifyInstance {
  const app = Fastify({
    logger: opts.logger ?? false,
    // The per-type schemas sit in a oneOf: ajv must neither strip, coerce nor default inside failing branches.
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false },
    },
    frameworkErrors: frameworkErrorHandler,
  });

  app.register(errorHandlerPlugin);
  app.register(loopbackOnlyPlugin);
  app.register(targetsPlugin, {
    targets: opts.targets,
    host: opts.host ?? '127.0.0.1',
    now: opts.now,
    random: opts.random,
    delay: opts.delay,
  });
  app.register(scenariosPlugin, {
    scenarios: opts.scenarios ?? [],
    now: opts.now,
    timers: opts.scenarioTimers,
  });
  app.register(healthRoutes);
  app.register(faultsRoutes);
  app.register(scenariosRoutes);
  return app;
}
