import {
  createApp,
  crossSitePlugin,
  healthRoutes,
  loopbackOnlyPlugin,
  readAllowedHosts,
} from '@storefront/service-kit';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { classifyError } from './errors.js';
import { scenariosPlugin } from './plugins/scenarios-plugin.js';
import { type TargetSpec, type TargetsPluginOptions, targetsPlugin } from './plugins/targets-plugin.js';
import { faultsRoutes } from './routes/faults-routes.js';
import { scenariosRoutes } from './routes/scenarios-routes.js';
import type { RunnerTimers } from './scenario-runner.js';
import type { Scenario } from './scenarios.js';
import type { ProcessKiller } from './supervisor.js';

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
  /** Kills a process for a scenario's kill steps (the supervisor's API); none by default. */
  supervisor?: ProcessKiller | null;
  /** Host names answered besides loopback, on the control API and every target port (default `ALLOWED_HOSTS`). */
  allowedHosts?: readonly string[];
}

/** Creates the control API with its target proxies; proxies listen once the app is ready and stop on close. */
export function build(opts: BuildOptions): FastifyInstance {
  const allowedHosts = opts.allowedHosts ?? readAllowedHosts();
  const app = createApp({
    name: 'fault-proxy',
    logger: opts.logger,
    errors: { classify: classifyError },
    allowedHosts,
  });
  // First, so that every route, /health included, answers loopback callers only. The peer decides; a forwarded
  // header can only refuse more (the BFF, the one caller, sends none).
  app.register(loopbackOnlyPlugin, { what: 'The fault proxy control API' });
  // A browser on this machine is loopback too: its pages never call this API (the BFF and the CLI send no
  // Origin), so a write from any page other than this origin is refused, and writes must be JSON.
  app.register(crossSitePlugin, { publicOrigins: [] });
  app.register(targetsPlugin, {
    targets: opts.targets,
    host: opts.host ?? '127.0.0.1',
    allowedHosts,
    now: opts.now,
    random: opts.random,
    delay: opts.delay,
  });
  app.register(scenariosPlugin, {
    scenarios: opts.scenarios ?? [],
    now: opts.now,
    timers: opts.scenarioTimers,
    killer: opts.supervisor ?? null,
  });
  app.register(healthRoutes, {
    service: 'fault-proxy',
    details: () => ({ targets: app.targets.size }),
  });
  app.register(faultsRoutes);
  app.register(scenariosRoutes);
  return app;
}
