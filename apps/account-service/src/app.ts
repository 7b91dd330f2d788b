import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { clockPlugin } from './plugins/clock-plugin.js';
import { dbPlugin } from './plugins/db-plugin.js';
import { errorHandlerPlugin, frameworkErrorHandler } from './plugins/error-handler-plugin.js';
import { REQUEST_ID_HEADER, requestIdPlugin } from './plugins/request-id-plugin.js';
import { healthRoutes } from './routes/health-routes.js';
import { profileRoutes } from './routes/profile-routes.js';
import { sessionsRoutes } from './routes/sessions-routes.js';
import { usersRoutes } from './routes/users-routes.js';

/** Default session lifetime: 7 days. */
export const DEFAULT_SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Log paths that must never be written in clear (docs/cart-and-account.md, "Identity"). */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
];

/** Options of {@link build}. */
export interface BuildOptions {
  /** SQLite file of the accounts; created and migrated on first start. */
  dbPath: string;
  /** Session lifetime in milliseconds (default 7 days). */
  sessionTtlMs?: number;
  /** Clock in epoch milliseconds (default `Date.now`); tests move it forward to expire sessions. */
  now?: () => number;
  /** Pino options (redaction is always added) or `false` (default, quiet tests). */
  logger?: FastifyServerOptions['logger'];
}

function withRedaction(logger: BuildOptions['logger']): FastifyServerOptions['logger'] {
  if (logger === undefined || logger === false) return false;
  const base = logger === true ? {} : logger;
  return { ...base, redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } };
}

/** Creates the account service's Fastify instance with every plugin registered; it is not listening. */
export function build(opts: BuildOptions): FastifyInstance {
  const app = Fastify({
    logger: withRedaction(opts.logger),
    requestIdHeader: REQUEST_ID_HEADER,
    genReqId: () => randomUUID(),
    // Bodies are validated as sent: no silent type coercion and no dropped unknown fields.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    frameworkErrors: frameworkErrorHandler,
  });

  app.register(requestIdPlugin);
  app.register(errorHandlerPlugin);
  app.register(clockPlugin, {
    now: opts.now ?? Date.now,
    sessionTtlMs: opts.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
  });
  app.register(dbPlugin, { dbPath: opts.dbPath });
  app.register(healthRoutes);
  app.register(usersRoutes);
  app.register(sessionsRoutes);
  app.register(profileRoutes);
  return app;
}
