// Server spans for every traced request, through `@fastify/otel` (a Fastify plugin: it needs no module patching,
// so it works inside the esbuild bundles). It continues the caller's trace, makes the route handler's work a child
// of the request span, and answers `traceresponse` (W3C Trace Context level 2) so a caller can look its trace up.
import { FastifyOtelInstrumentation } from '@fastify/otel';
import { formatTraceparent } from '@storefront/contract';
import { definePlugin } from '../plugin.js';

/** Which requests get spans; health checks, scrapes and feed polls would bury the ones a person looks for. */
export type TracedPredicate = (method: string, path: string) => boolean;

/** Never traced in any process: probes, scrapes, the event feed its consumers poll. */
const UNTRACED = /^\/(?:health|metrics|events)(?:\/|$)/;

/** The default {@link TracedPredicate}: everything but {@link UNTRACED}. */
export const tracedByDefault: TracedPredicate = (_method, path) => !UNTRACED.test(path);

function pathOf(url: string): string {
  const end = url.indexOf('?');
  return end === -1 ? url : url.slice(0, end);
}

/** Options of {@link tracingPlugin}. */
export interface TracingPluginOptions {
  traced?: TracedPredicate;
}

export const tracingPlugin = definePlugin<TracingPluginOptions>(
  'service-kit-tracing',
  async (app, options) => {
    const traced = options.traced ?? tracedByDefault;
    const instrumentation = new FastifyOtelInstrumentation({
      // One span per request: a span per hook, or for the handler, would drown the waterfall (and cost a span on
      // every call); the handler still runs in the request span's context.
      instrumentHooks: false,
      instrumentHandler: false,
      ignorePaths: ({ url, method }) => !traced(method, pathOf(url)),
      // "request" says nothing in a list of traces: name it by method and route, as HTTP semantics ask (never
      // by the raw path, which a caller chooses).
      requestHook: (span, request) => {
        span.updateName(`${request.method} ${request.routeOptions.url ?? '(no route)'}`);
      },
    });
    await app.register(instrumentation.plugin());
    app.addHook('onRequest', async (request, reply) => {
      const span = request.opentelemetry().span?.spanContext();
      if (span)
        reply.header('traceresponse', formatTraceparent({ ...span, sampled: (span.traceFlags & 1) === 1 }));
    });
  },
);
