// Who decides whether a trace is recorded: with a ratio of 0, a trace started here or arriving at the edge from a
// browser is not recorded (its trace id still names the log lines and the error answers), while a sampled
// traceparent from inside the storefront is followed.
import { formatTraceparent, newTraceparent } from '@storefront/contract';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../create-app.js';
import { recordSpans, type SpanRecorder } from '../testing/span-recorder.js';
import { rootSamplerFrom } from './edge-sampler.js';

let recorder: SpanRecorder;
let interior: FastifyInstance;
let edge: FastifyInstance;

async function appWith(traceEdge: boolean): Promise<FastifyInstance> {
  const app = createApp({ name: traceEdge ? 'edge' : 'interior', traceEdge });
  app.get('/thing', async () => ({ ok: true }));
  await app.ready();
  return app;
}

beforeAll(async () => {
  recorder = recordSpans({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' });
  [interior, edge] = await Promise.all([appWith(false), appWith(true)]);
});
afterAll(async () => {
  await Promise.all([interior.close(), edge.close()]);
  await recorder.stop();
});

/** Sends one request and waits until its answer has been sent (the request span ends after it). */
async function send(app: FastifyInstance, traceparent?: string): Promise<string> {
  const reply = await app.inject({ url: '/thing', headers: traceparent ? { traceparent } : {} });
  expect(reply.statusCode).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 20));
  return String(reply.headers.traceresponse ?? '').split('-')[1] ?? '';
}

describe('the edge sampler (ratio 0)', () => {
  it('follows a sampled parent from inside the storefront', async () => {
    const caller = newTraceparent();
    const traceId = await send(interior, formatTraceparent(caller));
    expect(traceId).toBe(caller.traceId);
    expect(recorder.trace(caller.traceId).map((span) => span.name)).toEqual(['GET /thing']);
  });

  it('does not record a trace it started, nor one a browser sent to the edge', async () => {
    const started = await send(interior);
    expect(started).toMatch(/^[0-9a-f]{32}$/);
    const browser = newTraceparent();
    const atEdge = await send(edge, formatTraceparent(browser));
    expect(atEdge).toBe(browser.traceId);
    expect(recorder.trace(started)).toEqual([]);
    expect(recorder.trace(browser.traceId)).toEqual([]);
  });

  it('reads the sampler the way OTEL_TRACES_SAMPLER names it', () => {
    expect(rootSamplerFrom({}).toString()).toBe('AlwaysOnSampler');
    expect(rootSamplerFrom({ OTEL_TRACES_SAMPLER: 'always_off' }).toString()).toBe('AlwaysOffSampler');
    expect(
      rootSamplerFrom({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }).toString(),
    ).toBe('TraceIdRatioBased{0.25}');
    expect(
      rootSamplerFrom({
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: 'x',
      }).toString(),
    ).toBe('TraceIdRatioBased{1}');
  });
});
