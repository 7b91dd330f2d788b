// The Fastify instance every storefront process starts from: JSON logs with secrets redacted, request ids, strict
// validation and the one error envelope for every failure, including Fastify's and the HTTP parser's own.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  answerClientError,
  clientErrorHandler,
  type ErrorHandlerOptions,
  errorHandlerPlugin,
  frameworkErrorHandler,
} from './error-handler.js';
import { type HealthOptions, healthRoutes } from './health.js';
import { hostAllowListPlugin, readAllowedHosts } from './host-allow-list.js';
import { requestIdOf, requestIdPlugin } from './request-id.js';
import { recordRoutes } from './route-table.js';
import { type ServerLimitOptions, serverLimits } from './server-limits.js';
import { traceLoggerFactory } from './tracing/request-trace.js';
import { type TracedPredicate, tracingPlugin } from './tracing/tracing-plugin.js';

/** Never written to a log line, in any process. */
export const BASE_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

/** Options of {@link createApp}. */
export interface CreateAppOptions {
  /** The process's name, in every log line. */
  name: string;
  /** Pino options, or `false`/absent for a quiet instance (tests). Redaction is always added. */
  logger?: FastifyServerOptions['logger'];
  /** More log paths to redact than {@link BASE_REDACT_PATHS}. */
  redact?: string[];
  /** Validation: `coerceTypes` for query strings ("5" → 5), `useDefaults` to fill schema defaults. Off by default. */
  ajv?: { coerceTypes?: boolean; useDefaults?: boolean };
  /** A process's own error reading and not-found handling (see {@link ErrorHandlerOptions}). */
  errors?: ErrorHandlerOptions;
  /**
   * Host names answered besides loopback (DNS rebinding: any other `Host` gets 403 `HOST_NOT_ALLOWED`); default
   * `ALLOWED_HOSTS` from the environment.
   */
  allowedHosts?: readonly string[];
  /** `GET /health`; omitted, the process registers its own. */
  health?: HealthOptions;
  /** Which requests get spans (default: all but `/health`, `/metrics` and `/events`). */
  traced?: TracedPredicate;
  /**
   * This process is where browsers' calls enter (the shell host): it decides whether their traces are recorded
   * (`OTEL_TRACES_SAMPLER`) instead of following the sampled flag a browser sends.
   */
  traceEdge?: boolean;
  /**
   * Other Fastify server options (log controller, …). Timeouts and limits default to the kit's
   * (`SERVER_LIMITS`, docs/errors.md); a process overrides one by naming it, e.g. `bodyLimit`.
   */
  server?: Omit<
    ServerLimitOptions,
    | 'logger'
    | 'ajv'
    | 'genReqId'
    | 'requestIdHeader'
    | 'frameworkErrors'
    | 'clientErrorHandler'
    | 'childLoggerFactory'
  >;
}

function withRedaction(opts: CreateAppOptions): FastifyServerOptions['logger'] {
  const { logger } = opts;
  if (logger === undefined || logger === false) return false;
  const base = logger === true ? {} : logger;
  const paths = [...BASE_REDACT_PATHS, ...(opts.redact ?? [])];
  return { name: opts.name, ...base, redact: { paths, censor: '[redacted]' } };
}

/** Creates a process's Fastify instance with the kit's plugins registered; the caller adds its own. */
export function createApp(opts: CreateAppOptions): FastifyInstance {
  const app = Fastify({
    ...serverLimits(opts.server),
    logger: withRedaction(opts),
    requestIdHeader: false,
    genReqId: requestIdOf,
    childLoggerFactory: traceLoggerFactory(opts.traceEdge),
    ajv: {
      customOptions: {
        // Unknown fields fail validation instead of being silently dropped.
        removeAdditional: false,
        coerceTypes: opts.ajv?.coerceTypes ?? false,
        useDefaults: opts.ajv?.useDefaults ?? false,
        allErrors: false,
      },
    },
    frameworkErrors: frameworkErrorHandler(),
    clientErrorHandler,
  });
  // Before any route is declared: a known path asked with another method is then 405, not 404.
  recordRoutes(app);
  // Node drops a CONNECT request without a word when nothing listens for it: answer it as a bad request too.
  app.server.on('connect', (_request: IncomingMessage, socket: Socket) => {
    // The socket is destroyed with this error, and nothing else listens on a CONNECT socket.
    socket.on('error', () => undefined);
    answerClientError(
      Object.assign(new Error('CONNECT is not supported'), { code: 'CONNECT' }),
      socket,
      app.log,
    );
  });
  // First, so that the request span covers every other hook.
  app.register(tracingPlugin, { traced: opts.traced });
  app.register(requestIdPlugin);
  app.register(errorHandlerPlugin, { ...opts.errors });
  app.register(hostAllowListPlugin, { allowedHosts: opts.allowedHosts ?? readAllowedHosts() });
  if (opts.health) app.register(healthRoutes, opts.health);
  return app;
}
