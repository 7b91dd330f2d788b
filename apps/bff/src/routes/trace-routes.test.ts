import { answerProblems } from '@storefront/contract';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeTraceStore,
  sampleSpans,
  sampleSummary,
  startFakeTraceStore,
  TRACE_ID,
} from '../test-support/fake-trace-store.js';
import { buildOfflineBff } from '../test-support/offline-bff.js';

let app: FastifyInstance | undefined;
let store: FakeTraceStore | undefined;

afterEach(async () => {
  await app?.close();
  await store?.close();
  app = undefined;
  store = undefined;
});

function bff(traceStoreUrl: string | undefined): FastifyInstance {
  app = buildOfflineBff({ traceStoreUrl });
  return app;
}

async function withStore(): Promise<{ app: FastifyInstance; store: FakeTraceStore }> {
  store = await startFakeTraceStore();
  return { app: bff(store.url), store };
}

/** GET through the BFF, checked against the contract whatever the status. */
async function get(path: string) {
  const response = await (app as FastifyInstance).inject({ method: 'GET', url: path });
  const body = response.json();
  expect(answerProblems('GET', path.split('?')[0] ?? path, response.statusCode, body)).toEqual([]);
  return { status: response.statusCode, headers: response.headers, body };
}

describe('GET /api/ops/traces', () => {
  it('passes the store’s recent traces on with the BFF’s request id, asking with the query', async () => {
    const { store } = await withStore();
    const answer = await get('/api/ops/traces?limit=20&minDurationMs=5');
    expect(answer.status).toBe(200);
    expect(answer.body.traces).toEqual([sampleSummary()]);
    expect(answer.body.meta.requestId).toBe(answer.headers['x-request-id']);
    expect(answer.body.meta.requestId).not.toBe('store-1');
    expect(store.requests).toEqual(['/traces?limit=20&minDurationMs=5']);
  });

  it('asks with the contract’s defaults when the query is empty, and refuses a bad limit itself', async () => {
    const { store } = await withStore();
    expect((await get('/api/ops/traces')).status).toBe(200);
    expect(store.requests).toEqual(['/traces?limit=50&minDurationMs=0']);
    const refused = await (app as FastifyInstance).inject('/api/ops/traces?limit=0');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('INVALID_REQUEST');
    expect(store.requests).toHaveLength(1);
  });

  it('answers 503 TRACE_STORE_UNAVAILABLE with Retry-After when no store is configured', async () => {
    bff(undefined);
    const answer = await get('/api/ops/traces');
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('1');
    expect(answer.body.error.code).toBe('TRACE_STORE_UNAVAILABLE');
    expect(answer.body.error.message).toMatch(/TRACE_STORE_URL/);
  });

  it('answers 503 when the store does not answer (closed port)', async () => {
    const closed = await startFakeTraceStore();
    await closed.close();
    bff(closed.url);
    const answer = await get('/api/ops/traces');
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('1');
    expect(answer.body.error.code).toBe('TRACE_STORE_UNAVAILABLE');
  });

  it('answers 503 when the store answers a 5xx, text or a body of another shape', async () => {
    const { store } = await withStore();
    const answers = [
      { status: 500, body: { error: { code: 'INTERNAL_ERROR', message: 'boom' } } },
      'not json',
      { status: 200, body: { traces: [{ traceId: 'nope' }] } },
    ];
    for (const next of answers) {
      store.answers.list = next;
      const answer = await get('/api/ops/traces');
      expect(answer.status, JSON.stringify(next)).toBe(503);
      expect(answer.body.error.code).toBe('TRACE_STORE_UNAVAILABLE');
    }
  });
});

describe('GET /api/ops/traces/:traceId', () => {
  it('passes one trace’s spans on with the BFF’s request id', async () => {
    await withStore();
    const answer = await get(`/api/ops/traces/${TRACE_ID}`);
    expect(answer.status).toBe(200);
    expect(answer.body.trace).toEqual({ traceId: TRACE_ID, spans: sampleSpans() });
    expect(answer.body.meta.requestId).toBe(answer.headers['x-request-id']);
  });

  it('answers the store’s 404 as TRACE_NOT_FOUND in the envelope', async () => {
    const { store } = await withStore();
    const missing = 'f'.repeat(32);
    const answer = await get(`/api/ops/traces/${missing}`);
    expect(answer.status).toBe(404);
    expect(answer.body.error).toEqual({ code: 'TRACE_NOT_FOUND', message: 'No trace with that id' });
    expect(answer.body.meta.requestId).toBe(answer.headers['x-request-id']);
    expect(store.requests).toEqual([`/traces/${missing}`]);
  });

  it('refuses a trace id that is not 32 lower-case hex digits before asking the store', async () => {
    const { store } = await withStore();
    const response = await (app as FastifyInstance).inject('/api/ops/traces/..%2Fhealth');
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'INVALID_REQUEST', param: 'traceId' });
    expect(store.requests).toEqual([]);
  });

  it('is a read like /api/ops/processes: no loopback rule, any caller may read it', async () => {
    await withStore();
    const response = await (app as FastifyInstance).inject({
      method: 'GET',
      url: `/api/ops/traces/${TRACE_ID}`,
      remoteAddress: '203.0.113.9',
    });
    expect(response.statusCode).toBe(200);
  });
});
