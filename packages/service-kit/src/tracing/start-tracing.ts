// OpenTelemetry for one process: a tracer provider named after the process, W3C trace context, undici's outgoing
// calls as client spans (their `traceparent` injected), and where the spans go: the local trace store
// (`TRACE_STORE_URL`, what `/ops` shows) and/or an OTLP collector (`OTEL_EXPORTER_OTLP_ENDPOINT`, a real backend).
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation, type UndiciRequest } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { readText } from '../env.js';
import { edgeSampler } from './edge-sampler.js';

/** Where one process's spans go. */
export interface TracingSettings {
  /** `service.name` of every span: `OTEL_SERVICE_NAME`, else the process's own name. */
  serviceName: string;
  /** The local trace store's base URL (`TRACE_STORE_URL`), or undefined. */
  storeUrl: string | undefined;
  /** True when an OTLP endpoint is configured (the exporter reads the standard variables itself). */
  otlp: boolean;
  /** `OTEL_SDK_DISABLED=true`: no provider at all (the API stays a no-op). */
  disabled: boolean;
  /** Where `OTEL_TRACES_SAMPLER` and `_ARG` are read (edge-sampler.ts). */
  env: NodeJS.ProcessEnv;
}

/** Reads the tracing settings of a process named `name` from `env`. */
export function readTracingSettings(env: NodeJS.ProcessEnv, name: string): TracingSettings {
  const storeUrl = readText('TRACE_STORE_URL', '', env);
  return {
    serviceName: readText('OTEL_SERVICE_NAME', name, env),
    storeUrl: storeUrl === '' ? undefined : storeUrl.replace(/\/+$/, ''),
    otlp: Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT),
    disabled: env.OTEL_SDK_DISABLED === 'true',
    env,
  };
}

/** A started tracer provider; `shutdown` flushes what is still batched. */
export interface Tracing {
  shutdown(): Promise<void>;
}

/** Half a second: a request's waterfall is in `/ops` about as soon as someone clicks it. */
const LOCAL_EXPORT_DELAY_MS = 500;

/**
 * A request sent with a `traceparent` already has its client span (`inClientSpan`, e.g. the BFF's attempt
 * spans): a second one from the instrumentation would only double the spans made and exported on the hot path.
 */
function carriesTraceparent({ headers }: UndiciRequest): boolean {
  if (typeof headers === 'string') return /(?:^|\n)traceparent:/i.test(headers);
  // undici 6+: name, value, name, value…
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i];
    if (typeof name === 'string' && name.toLowerCase() === 'traceparent') return true;
  }
  return false;
}

/** undici's outgoing calls made while serving a request, except those that carry their own client span. */
export function undiciInstrumentation(): UndiciInstrumentation {
  return new UndiciInstrumentation({ requireParentforSpans: true, ignoreRequestHook: carriesTraceparent });
}

/**
 * Registers the global tracer provider, context manager and propagator. Spans are always made (so trace ids
 * propagate and reach the logs) even when no exporter is configured; they then go nowhere.
 */
export function startTracing(settings: TracingSettings): Tracing {
  if (settings.disabled) return { shutdown: async () => undefined };
  const processors: SpanProcessor[] = [];
  if (settings.storeUrl) {
    const exporter = new OTLPTraceExporter({ url: `${settings.storeUrl}/v1/traces` });
    processors.push(new BatchSpanProcessor(exporter, { scheduledDelayMillis: LOCAL_EXPORT_DELAY_MS }));
  }
  // No URL given: the exporter follows OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT, _HEADERS, _TIMEOUT.
  if (settings.otlp) processors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.serviceName }),
    sampler: edgeSampler(settings.env),
    spanProcessors: processors,
  });
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    // Only calls made while serving a request: health checks and background polls would bury the traces.
    instrumentations: [undiciInstrumentation()],
  });
  return {
    async shutdown() {
      unregister();
      await provider.shutdown();
    },
  };
}
