import type { FastifyRequest, FastifySchema } from 'fastify';
import { ApiError } from './api-error.js';
import { sendError } from './error-handler.js';
import { definePlugin } from './plugin.js';

/** One dependency `GET /health` checks, e.g. the database. */
export interface HealthCheck {
  /** What it checks, in the message: "<service> <name> is unavailable". */
  name: string;
  /** Code of the 503 answer when it fails, e.g. `DB_UNAVAILABLE`. */
  code: string;
  /** Throws (or rejects) when the dependency does not answer. */
  run: () => unknown;
}

/** Options of {@link healthRoutes}. */
export interface HealthOptions {
  /** The process's name in the answer: `{ status: "ok", service }`. */
  service: string;
  checks?: HealthCheck[];
  /** More fields of the answer (e.g. `meta`, or how many targets a proxy has). */
  details?: (request: FastifyRequest) => Record<string, unknown>;
  /** Route schema, for processes that publish an OpenAPI document. */
  schema?: FastifySchema;
}

/** `GET /health`: 200 `{ status: "ok", service, ... }` when every check passes, 503 with the check's code otherwise. */
export const healthRoutes = definePlugin<HealthOptions>(
  'service-kit-health',
  async (app, opts) => {
    // Balancers and the supervisor ask every second: only problems are worth a log line.
    app.get('/health', { schema: opts.schema ?? {}, logLevel: 'warn' }, async (request, reply) => {
      reply.header('cache-control', 'no-store');
      for (const check of opts.checks ?? []) {
        try {
          await check.run();
        } catch (error) {
          request.log.error({ err: error, check: check.name }, 'health check failed');
          const message = `${opts.service} ${check.name} is unavailable`;
          return sendError(request, reply, new ApiError(503, check.code, message));
        }
      }
      return { status: 'ok', service: opts.service, ...opts.details?.(request) };
    });
  },
  { encapsulate: true },
);
