import { definePlugin, type ServiceCredential } from '@storefront/service-kit';
import type { ResilienceConfig } from '../config.js';
import { ResilienceRegistry } from '../upstream/registry.js';
import { Upstream } from '../upstream/upstream.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every upstream with its resilience policy, by name. */
    resilience: ResilienceRegistry;
  }
}

/** One upstream service the BFF calls. */
export interface UpstreamDefinition {
  name: string;
  baseUrl: string;
  config: ResilienceConfig;
}

export interface ResiliencePluginOptions {
  upstreams: UpstreamDefinition[];
  /** Replaces the global fetch (tests only). */
  fetch?: typeof fetch;
  /** Signs every upstream request (the services trust only the BFF). */
  credential: ServiceCredential;
}

/** Creates one Upstream (composed policy, counters, saved copies) per definition as `app.resilience`. */
export const resiliencePlugin = definePlugin<ResiliencePluginOptions>('resilience', async (app, options) => {
  const registry = new ResilienceRegistry();
  for (const definition of options.upstreams) {
    registry.add(
      new Upstream({ ...definition, logger: app.log, fetch: options.fetch, credential: options.credential }),
    );
  }
  app.decorate('resilience', registry);
});
