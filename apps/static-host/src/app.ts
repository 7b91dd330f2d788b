import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import { errorBody } from './errors.js';
import { registerApiProxy } from './plugins/api-proxy.js';
import { registerCors } from './plugins/cors.js';
import { registerHealth } from './plugins/health.js';
import { registerRegistry } from './plugins/registry.js';
import { registerStaticFiles } from './plugins/static-files.js';

/** What one static host serves. */
export interface BuildOptions {
  /** Folder with the built files. */
  root: string;
  /** Name in logs and in `/health` (e.g. `shell`, `catalog`). */
  name: string;
  /** `Access-Control-Allow-Origin: *` on every response. */
  cors: boolean;
  /** Unknown page URLs answer index.html. */
  spa: boolean;
  /** Serve `GET /registry.json` from this file (re-read on every request). */
  registryFile?: string;
  /** Proxy `/api/*` to this base URL (the BFF). */
  apiProxy?: string;
  /** Fastify logger option; defaults to JSON logs at `LOG_LEVEL` (info). */
  logger?: FastifyServerOptions['logger'];
}

/** Builds the static host; call `listen()` or `inject()` on the result. */
export function build(opts: BuildOptions): FastifyInstance {
  const app = Fastify({
    logger: opts.logger ?? { level: process.env.LOG_LEVEL ?? 'info', name: opts.name },
    // Per-request lines for static files would flood the shared `npm start` output; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) request.log.error({ err }, 'request failed');
    const code = status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST';
    const message = status >= 500 ? 'Internal error' : err.message;
    return reply.code(status).send(errorBody(code, message));
  });

  // Hooks first so that they apply to every route registered below.
  if (opts.cors) registerCors(app);
  registerHealth(app, opts.name);
  if (opts.registryFile) registerRegistry(app, opts.registryFile);
  if (opts.apiProxy) {
    const upstream = opts.apiProxy;
    app.register(async (instance) => registerApiProxy(instance, upstream));
  }
  app.register(async (instance) => registerStaticFiles(instance, { root: opts.root, spa: opts.spa }));
  return app;
}
