// Spans of a process's own work (what no instrumentation sees: a policy's attempts, a saga's steps), so that apps
// use tracing through the kit and never import OpenTelemetry themselves. Without a tracer provider (unit tests)
// every span is a no-op.
import {
  type Attributes,
  context,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

const tracer = trace.getTracer('storefront');

/** A span or event attribute value. */
export type SpanAttributes = Attributes;

/** Awaits `fn`; an error thrown ends `span` with status error and the error's message, and is thrown on. */
async function endWith<T>(span: Span, fn: () => Promise<T>): Promise<T> {
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
}

/**
 * Runs `fn` inside a new span named `name`, a child of the active one; an error thrown ends the span with status
 * error and the error's message, and is thrown on.
 */
export function inSpan<T>(name: string, attributes: SpanAttributes, fn: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, (span) => endWith(span, fn));
}

/** What {@link inClientSpan} hands its function: the headers that carry the span to the callee, and a setter. */
export interface ClientSpanScope {
  /** `traceparent` (and `tracestate`) naming this span: send them with the request. */
  traceHeaders: Record<string, string>;
  /** Adds attributes once known (e.g. `http.response.status_code`). */
  setAttributes(attributes: SpanAttributes): void;
}

/**
 * Like {@link inSpan}, but the span is the CLIENT span of one outgoing request that `fn` makes itself: it gets
 * the propagation headers to send, so the callee's server span is this span's child. The kit's undici
 * instrumentation leaves a request that already carries a `traceparent` alone (start-tracing.ts), so the request
 * costs one span, not two.
 */
export function inClientSpan<T>(
  name: string,
  attributes: SpanAttributes,
  fn: (scope: ClientSpanScope) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, { kind: SpanKind.CLIENT, attributes }, (span) => {
    const traceHeaders: Record<string, string> = {};
    propagation.inject(context.active(), traceHeaders);
    return endWith(span, () => fn({ traceHeaders, setAttributes: (more) => span.setAttributes(more) }));
  });
}

/** Records `name` at this instant on the active span (nothing when none is active). */
export function addSpanEvent(name: string, attributes: SpanAttributes = {}): void {
  trace.getActiveSpan()?.addEvent(name, attributes);
}
