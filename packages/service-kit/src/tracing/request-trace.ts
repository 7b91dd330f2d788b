// The trace a request belongs to, known before the first log line: the caller's `traceparent` when it is valid,
// otherwise one started here, written into the request's headers so that the server span continues it — the
// same thing a browser does when it starts a trace for a call. Every log line of the request then names it.
import type { IncomingMessage } from 'node:http';
import { trace } from '@opentelemetry/api';
import {
  formatTraceparent,
  newTraceparent,
  parseTraceparent,
  TRACEPARENT_HEADER,
} from '@storefront/contract';
import type { FastifyBaseLogger, FastifyRequest, FastifyServerOptions } from 'fastify';

/** The trace id a request carries (valid once {@link traceLoggerFactory} has seen it), or undefined. */
export function traceIdOf(request: Pick<FastifyRequest, 'headers'> | IncomingMessage): string | undefined {
  const value = request.headers[TRACEPARENT_HEADER];
  return parseTraceparent(typeof value === 'string' ? value : undefined)?.traceId;
}

/** Makes sure a raw request carries a valid `traceparent`, and returns its trace id. */
export function ensureTraceparent(raw: IncomingMessage): string {
  const value = raw.headers[TRACEPARENT_HEADER];
  const given = parseTraceparent(typeof value === 'string' ? value : undefined);
  if (given) return given.traceId;
  const started = newTraceparent();
  raw.headers[TRACEPARENT_HEADER] = formatTraceparent(started);
  // A tracestate belongs to the traceparent it came with, which was just replaced.
  delete raw.headers.tracestate;
  return started.traceId;
}

type ChildLoggerFactory = NonNullable<FastifyServerOptions['childLoggerFactory']>;

/** `childLoggerFactory` server option: each request's logger carries its `traceId`. */
export const traceLoggerFactory: ChildLoggerFactory = function childLogger(
  logger,
  bindings,
  options,
  raw,
): FastifyBaseLogger {
  return logger.child({ ...bindings, traceId: ensureTraceparent(raw) }, options);
};

/** `{ traceId, spanId }` of the span active here, for log lines written outside a request's own logger. */
export function activeTraceFields(): { traceId?: string; spanId?: string } {
  const context = trace.getActiveSpan()?.spanContext();
  if (!context || !trace.isSpanContextValid(context)) return {};
  return { traceId: context.traceId, spanId: context.spanId };
}
