// The Fastify instance every storefront process starts from: JSON logs with secrets redacted, request ids, strict
// validation and the one error envelope for every failure, including Fastify's and the HTTP parser's own.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  clientErrorHandler,
  type ErrorHandlerOptions,
  errorHandlerPlugin,
  frameworkErrorHandler,
  resolveCodes,
} from './error-handler.js';
import { type HealthOptions, healthRoutes } from './health.js';
import { requestIdOf, requestIdPlugin } from './request-id.js';

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
  /** Codes and a process's own error reading (see {@link ErrorHandlerOptions}). */
  errors?: ErrorHandlerOptions;
  /** `GET /health`; omitted, the process registers its own. */
  health?: HealthOptions;
  /** Other Fastify server options (body limit, timeouts, log controller). */
  server?: Omit<
    FastifyServerOptions,
    'logger' | 'ajv' | 'genReqId' | 'requestIdHeader' | 'frameworkErrors' | 'clientErrorHandler'
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
  const codes = resolveCodes(opts.errors?.codes);
  const app = Fastify({
    ...opts.server,
    logger: withRedaction(opts),
    requestIdHeader: false,
    genReqId: requestIdOf,
    ajv: {
      customOptions: {
        // Unknown fields fail validation instead of being silently dropped.
        removeAdditional: false,
        coerceTypes: opts.ajv?.coerceTypes ?? false,
        useDefaults: opts.ajv?.useDefaults ?? false,
        allErrors: false,
      },
    },
    frameworkErrors: frameworkErrorHandler(codes),
    clientErrorHandler,
  });
  app.register(requestIdPlugin);
  app.register(errorHandlerPlugin, { ...opts.errors, codes });
  if (opts.health) app.register(healthRoutes, opts.health);
  return app;
}
