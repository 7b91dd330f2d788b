// The trace a request belongs to, known before the first log line: the caller's `traceparent` when it is valid,
// otherwise one started here, written into the request's headers so that the server span continues it — the
// same thing a browser does when it starts a trace for a call. Every log line of the request then names it, and
// the sampler still decides whether a trace started here is recorded (edge-sampler.ts).
import type { IncomingMessage } from 'node:http';
import { trace } from '@opentelemetry/api';
import {
  formatTraceparent,
  newTraceparent,
  parseTraceparent,
  TRACEPARENT_HEADER,
} from '@storefront/contract';
import type { FastifyBaseLogger, FastifyRequest, FastifyServerOptions } from 'fastify';
import { EDGE_STATE_KEY, EDGE_STATE_VALUE } from './edge-sampler.js';

/** The trace id a request carries (valid once {@link traceLoggerFactory} has seen it), or undefined. */
export function traceIdOf(request: Pick<FastifyRequest, 'headers'> | IncomingMessage): string | undefined {
  const value = request.headers[TRACEPARENT_HEADER];
  return parseTraceparent(typeof value === 'string' ? value : undefined)?.traceId;
}

/**
 * Makes sure a raw request carries a valid `traceparent` and returns its trace id. A caller's valid one is kept;
 * otherwise a new trace starts here. Either way, when this process decides the trace's sampling (`decideHere`: the
 * shell host, whose callers are browsers; or a trace started here), the context is marked `storefront=edge` so
 * that the sampler applies the configured ratio instead of following the caller (edge-sampler.ts).
 */
export function ensureTraceparent(raw: IncomingMessage, decideHere = false): string {
  const value = raw.headers[TRACEPARENT_HEADER];
  const given = parseTraceparent(typeof value === 'string' ? value : undefined);
  if (given && !decideHere) return given.traceId;
  const ids = given ?? newTraceparent();
  raw.headers[TRACEPARENT_HEADER] = formatTraceparent({ ...ids, sampled: true });
  // A tracestate belongs to the traceparent it came with: what a caller sent is replaced with the mark.
  raw.headers.tracestate = `${EDGE_STATE_KEY}=${EDGE_STATE_VALUE}`;
  return ids.traceId;
}

type ChildLoggerFactory = NonNullable<FastifyServerOptions['childLoggerFactory']>;

/** `childLoggerFactory` server option: each request's logger carries its `traceId` (see {@link ensureTraceparent}). */
export function traceLoggerFactory(decideHere = false): ChildLoggerFactory {
  return function childLogger(logger, bindings, options, raw): FastifyBaseLogger {
    return logger.child({ ...bindings, traceId: ensureTraceparent(raw, decideHere) }, options);
  };
}

/** `{ traceId, spanId }` of the span active here, for log lines written outside a request's own logger. */
export function activeTraceFields(): { traceId?: string; spanId?: string } {
  const context = trace.getActiveSpan()?.spanContext();
  if (!context || !trace.isSpanContextValid(context)) return {};
  return { traceId: context.traceId, spanId: context.spanId };
}
