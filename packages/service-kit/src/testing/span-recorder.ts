// Spans kept in memory for a test: the same provider registration a process makes (context manager, W3C
// propagator, undici's client spans and injected `traceparent`), with every finished span recorded at once.
import { context, propagation, trace } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { edgeSampler } from '../tracing/edge-sampler.js';
import { undiciInstrumentation } from '../tracing/start-tracing.js';

/** What kind a recorded span is (`span.kind`): a test compares with these. */
export { SpanKind } from '@opentelemetry/api';

/** What a test reads back. */
export interface SpanRecorder {
  /** Every span finished so far, in the order they ended. */
  spans(): ReadableSpan[];
  /** Spans of one trace. */
  trace(traceId: string): ReadableSpan[];
  /** Unregisters the provider (the next test file starts from a no-op API). */
  stop(): Promise<void>;
}

/**
 * Registers a global tracer provider that records every sampled span, with the processes' own sampler (`env`
 * holds `OTEL_TRACES_SAMPLER`, `_ARG`; default: every trace); call `stop()` after the test.
 */
export function recordSpans(env: NodeJS.ProcessEnv = {}): SpanRecorder {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({
    sampler: edgeSampler(env),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [undiciInstrumentation()],
  });
  return {
    spans: () => exporter.getFinishedSpans(),
    trace: (traceId) => exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId),
    async stop() {
      unregister();
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
