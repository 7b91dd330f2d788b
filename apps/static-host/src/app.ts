import { isConsoleRead } from '@storefront/contract';
import { createApp, readText } from '@storefront/service-kit';
import { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import { registerApiProxy } from './plugins/api-proxy.js';
import { compressionPlugin } from './plugins/compression.js';
import { registerCors } from './plugins/cors.js';
import { PageComposer } from './plugins/page-composer.js';
import { registerRegistry } from './plugins/registry.js';
import { RegistryOrigins } from './plugins/registry-origins.js';
import { securityHeadersPlugin } from './plugins/security-headers.js';
import { registerStaticFiles } from './plugins/static-files.js';
import { parseUpstreams } from './plugins/upstreams.js';

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
  /** Proxy `/api/*` to these base URLs (the BFF replicas): a list, or one string with commas between URLs. */
  apiProxy?: string | readonly string[];
  /** Health checks of the `/api` upstreams (defaults: every 1 s, 800 ms timeout). */
  apiProxyHealth?: { intervalMs?: number; timeoutMs?: number };
  /** Fastify logger option; defaults to JSON logs at `LOG_LEVEL` (info). */
  logger?: FastifyServerOptions['logger'];
}

/** `/api/...` but not the console's own polling (`/api/ops/...`, `/api/resilience`). */
function isTracedApiPath(path: string): boolean {
  return path.startsWith('/api/') && !isConsoleRead(path);
}

/** Builds the static host; call `listen()` or `inject()` on the result. */
export function build(opts: BuildOptions): FastifyInstance {
  const app = createApp({
    name: opts.name,
    logger: opts.logger ?? { level: readText('LOG_LEVEL', 'info') },
    // The static files answer their own 404s: the SPA fallback needs the context that serves the files.
    errors: { notFound: false },
    health: { service: opts.name, details: () => ({ name: opts.name }) },
    // Only the API calls it forwards: static files are not what a trace is looked up for.
    traced: (_method, path) => isTracedApiPath(path),
    // Browsers' calls enter here: this host, not the browser, decides which traces are recorded.
    traceEdge: true,
    server: {
      // Per-request lines for static files would flood the shared `npm start` output; errors are still logged.
      // The API calls it forwards are logged: their lines name the trace the BFF's and the services' lines share.
      logController: new LogController({
        disableRequestLogging: (request) => !isTracedApiPath(request.url.split('?')[0] ?? ''),
      }),
    },
  });

  // Hooks first so that they apply to every route registered below.
  if (opts.cors) registerCors(app);
  // The shell's page is composed with the registry, the route's preload hints and the frame's critical CSS.
  const composer =
    opts.registryFile && opts.spa
      ? new PageComposer({ root: opts.root, registryFile: opts.registryFile, log: app.log })
      : undefined;
  // The shell's CSP names the remotes' origins, read from the registry when it changes (never per request);
  // the composer reads the new releases' manifests then.
  const origins = opts.registryFile
    ? new RegistryOrigins(opts.registryFile, app.log, (text) => composer?.prepare(text))
    : undefined;
  if (origins) {
    origins.start();
    app.addHook('onClose', async () => origins.stop());
  }
  app.register(securityHeadersPlugin, {
    remoteOrigins: origins ? () => origins.origins : undefined,
    styleHashes: composer ? () => composer.styleHashes() : undefined,
    crossOrigin: opts.cors,
  });
  app.register(compressionPlugin);
  const registryFile = opts.registryFile;
  // In a plugin, so that it is registered after compression's route hook.
  if (registryFile) {
    app.register(async (instance) => registerRegistry(instance, registryFile, (doc) => origins?.update(doc)));
  }
  if (opts.apiProxy !== undefined) {
    const upstreams = parseUpstreams(opts.apiProxy);
    const health = opts.apiProxyHealth;
    app.register(async (instance) => registerApiProxy(instance, { upstreams, health }));
  }
  app.register(async (instance) =>
    registerStaticFiles(instance, { root: opts.root, spa: opts.spa, composer }),
  );
  return app;
}
