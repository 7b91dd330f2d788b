import { TEST_SERVICE_SECRET } from '@storefront/service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { type BuildOptions, build } from '../app.js';

/** The discard port: nothing listens there, so every call to it is refused at once. */
export const DEAD_URL = 'http://127.0.0.1:9';

/**
 * The BFF with all three upstreams dead, the test service secret and no log: for the routes and plugins that
 * answer without an upstream (ops, faults, traces, metrics, edge errors). `options` add to or replace any of it.
 */
export function buildOfflineBff(options: Partial<BuildOptions> = {}): FastifyInstance {
  return build({
    serviceSecret: TEST_SERVICE_SECRET,
    upstreams: {
      catalog: { baseUrl: DEAD_URL },
      cart: { baseUrl: DEAD_URL },
      account: { baseUrl: DEAD_URL },
    },
    logger: false,
    ...options,
  });
}
