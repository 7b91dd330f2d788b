import { TEST_SERVICE_SECRET } from '@storefront/service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { type BuildOptions, build } from '../app.js';

/** The discard port: nothing listens there, so every call to it is refused at once. */
export const DEAD_URL = 'http://127.0.0.1:9';

/**
 * Any build option, except that `upstreams` names only the upstreams a test replaces (typically a fake
 * catalog): each one given replaces its dead default whole, and the others stay on {@link DEAD_URL}.
 */
export interface OfflineBffOptions extends Omit<Partial<BuildOptions>, 'upstreams'> {
  upstreams?: Partial<BuildOptions['upstreams']>;
}

/**
 * The BFF with all three upstreams dead, the test service secret and no log: for the routes and plugins that
 * answer without an upstream (ops, faults, traces, metrics, edge errors), or with the one upstream a test
 * starts a fake of. `options` add to or replace any of it.
 */
export function buildOfflineBff(options: OfflineBffOptions = {}): FastifyInstance {
  const { upstreams, ...rest } = options;
  return build({
    serviceSecret: TEST_SERVICE_SECRET,
    logger: false,
    ...rest,
    upstreams: {
      catalog: { baseUrl: DEAD_URL },
      cart: { baseUrl: DEAD_URL },
      account: { baseUrl: DEAD_URL },
      ...upstreams,
    },
  });
}
