// Spans of a process's own work (what no instrumentation sees: a policy's attempts, a saga's steps), so that apps
// use tracing through the kit and never import OpenTelemetry themselves. Without a tracer provider (unit tests)
// every span is a no-op.
import { type Attributes, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('storefront');

/** A span or event attribute value. */
export type SpanAttributes = Attributes;

/**
 * Runs `fn` inside a new span named `name`, a child of the active one; an error thrown ends the span with status
 * error and the error's message, and is thrown on.
 */
export function inSpan<T>(name: string, attributes: SpanAttributes, fn: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn();
    } catch (error) {
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Records `name` at this instant on the active span (nothing when none is active). */
export function addSpanEvent(name: string, attributes: SpanAttributes = {}): void {
  trace.getActiveSpan()?.addEvent(name, attributes);
}
