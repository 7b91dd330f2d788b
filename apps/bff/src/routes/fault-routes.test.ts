import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FAKE_DURATION_MS,
  FAKE_FAULT_TYPES,
  type FakeFaultProxy,
  startFakeFaultProxy,
} from '../test-support/fake-fault-proxy.js';
import { buildOfflineBff } from '../test-support/offline-bff.js';

/** `meta.traceId` of an error envelope: the request's W3C trace id. */
const TRACE_ID = expect.stringMatching(/^[0-9a-f]{32}$/);

let proxy: FakeFaultProxy | undefined;
let app: FastifyInstance | undefined;

function buildApp(demoMode: boolean, faultProxyControlUrl?: string): FastifyInstance {
  return buildOfflineBff({ demoMode, faultProxyControlUrl });
}

afterEach(async () => {
  await app?.close();
  await proxy?.close();
  app = undefined;
  proxy = undefined;
});

describe('fault API, demo mode on', () => {
  async function start(): Promise<{ app: FastifyInstance; proxy: FakeFaultProxy }> {
    const started = await startFakeFaultProxy();
    const built = buildApp(true, started.url);
    proxy = started;
    app = built;
    await built.ready();
    return { app: built, proxy: started };
  }

  it('forwards GET /api/faults with the request id and adds meta.requestId', async () => {
    const { app, proxy } = await start();
    const response = await app.inject({ url: '/api/faults', headers: { 'x-request-id': 'ops-1' } });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.targets).toHaveLength(3);
    expect(body.targets[0]).toEqual({
      name: 'catalog',
      kind: 'service',
      listen: 5001,
      upstream: 'http://127.0.0.1:4001',
      fault: null,
    });
    // The proxy's own `meta.at` is not in the contract: only the request id goes out.
    expect(body.meta).toEqual({ requestId: 'ops-1' });
    expect(proxy.calls).toEqual([{ method: 'GET', url: '/faults', body: undefined, requestId: 'ops-1' }]);
  });

  it('forwards PUT and DELETE with their bodies and passes the answers through', async () => {
    const { app, proxy } = await start();
    const put = await app.inject({
      method: 'PUT',
      url: '/api/faults/catalog',
      payload: { type: 'latency', options: { ms: 800, jitterMs: 200 }, durationMs: 30_000 },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().target).toMatchObject({
      name: 'catalog',
      fault: { type: 'latency', options: { ms: 800, jitterMs: 200 }, expiresAt: expect.any(String) },
    });
    expect(proxy.calls.at(-1)).toMatchObject({
      method: 'PUT',
      url: '/faults/catalog',
      body: { type: 'latency', options: { ms: 800, jitterMs: 200 }, durationMs: 30_000 },
    });

    // The proxy's own checks come back unchanged.
    const invalid = await app.inject({
      method: 'PUT',
      url: '/api/faults/catalog',
      payload: { type: 'latency', options: { ms: 99_999 } },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('INVALID_REQUEST');
    const unknown = await app.inject({
      method: 'PUT',
      url: '/api/faults/billing',
      payload: { type: 'down' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('UNKNOWN_TARGET');

    const cleared = await app.inject({ method: 'DELETE', url: '/api/faults/catalog' });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().target).toMatchObject({ name: 'catalog', fault: null });
    const all = await app.inject({ method: 'DELETE', url: '/api/faults' });
    expect(all.statusCode).toBe(200);
    expect(all.json().targets).toHaveLength(3);
    expect(proxy.calls.slice(-2).map((c) => `${c.method} ${c.url}`)).toEqual([
      'DELETE /faults/catalog',
      'DELETE /faults',
    ]);
  });

  it('forwards GET /api/faults/types to the fault proxy, which owns the fault types', async () => {
    const { app, proxy } = await start();
    const response = await app.inject({ url: '/api/faults/types', headers: { 'x-request-id': 'types-1' } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      types: FAKE_FAULT_TYPES,
      durationMs: FAKE_DURATION_MS,
      meta: { requestId: 'types-1' },
    });
    expect(proxy.calls).toEqual([
      { method: 'GET', url: '/faults/types', body: undefined, requestId: 'types-1' },
    ]);
  });

  it.each([
    { type: 'explode' },
    { type: 'latency' },
    { type: 'latency', options: { ms: 10, speed: 2 } },
    { type: 'errors', options: { percent: 0 } },
    { type: 'down', options: { ms: 5 } },
  ])(
    'leaves the type and options of %j to the fault proxy, which answers INVALID_REQUEST',
    async (payload) => {
      const { app, proxy } = await start();
      const response = await app.inject({ method: 'PUT', url: '/api/faults/catalog', payload });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/^Invalid fault: /) },
        meta: { requestId: response.headers['x-request-id'] },
      });
      expect(proxy.calls.map((c) => `${c.method} ${c.url}`)).toEqual(['PUT /faults/catalog']);
      expect(proxy.calls[0]?.body).toEqual(payload);
    },
  );

  it.each([
    [{ type: '' }, 'INVALID_REQUEST', 400],
    [{ type: 'down', durationMs: 500 }, 'INVALID_REQUEST', 400],
    [{ type: 'down', durationMs: 3_600_001 }, 'INVALID_REQUEST', 400],
    [{ type: 'down', options: 'fast' }, 'INVALID_REQUEST', 400],
    [{ type: 'down', extra: 1 }, 'INVALID_REQUEST', 400],
  ])('checks the body %j itself (%s) without calling the proxy', async (payload, code, status) => {
    const { app, proxy } = await start();
    const response = await app.inject({ method: 'PUT', url: '/api/faults/catalog', payload });
    expect(response.statusCode).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect(proxy.calls).toEqual([]);
  });

  it('answers 404 UNKNOWN_TARGET for a malformed target name', async () => {
    const { app, proxy } = await start();
    const response = await app.inject({ method: 'DELETE', url: '/api/faults/Not_A_Target' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('UNKNOWN_TARGET');
    expect(proxy.calls).toEqual([]);
  });

  it.each([
    [{ 'x-forwarded-for': '203.0.113.9' }, undefined],
    [{ 'x-forwarded-for': '127.0.0.1, 10.0.0.1' }, undefined],
    [{ 'x-forwarded-for': '' }, undefined],
    [{}, '192.168.1.20'],
  ])(
    'refuses non-loopback callers with 403 LOOPBACK_ONLY (%j, socket %s)',
    async (headers, remoteAddress) => {
      const { app, proxy } = await start();
      for (const [method, url] of [
        ['GET', '/api/faults'],
        ['GET', '/api/faults/types'],
        ['PUT', '/api/faults/catalog'],
        ['DELETE', '/api/faults/catalog'],
        ['DELETE', '/api/faults'],
      ] as const) {
        const response = await app.inject({ method, url, headers, remoteAddress, payload: { type: 'down' } });
        expect(response.statusCode, `${method} ${url}`).toBe(403);
        expect(response.json()).toEqual({
          error: { code: 'LOOPBACK_ONLY', message: expect.any(String) },
          meta: { requestId: expect.any(String), traceId: TRACE_ID },
        });
      }
      expect(proxy.calls).toEqual([]);
    },
  );

  it('lets loopback callers through a loopback proxy chain', async () => {
    const { app } = await start();
    const response = await app.inject({
      url: '/api/faults',
      headers: { 'x-forwarded-for': '127.0.0.1, ::1, ::ffff:127.0.0.1' },
    });
    expect(response.statusCode).toBe(200);
  });

  it('answers 503 FAULT_PROXY_UNAVAILABLE when the control API is down', async () => {
    const { app, proxy } = await start();
    await proxy.close();
    const response = await app.inject('/api/faults');
    expect(response.statusCode).toBe(503);
    expect(response.json().error).toEqual({
      code: 'FAULT_PROXY_UNAVAILABLE',
      message: 'The fault proxy is unavailable: it cannot be reached',
    });
  });

  it('answers 503 FAULT_PROXY_UNAVAILABLE when no control URL is configured', async () => {
    const built = buildApp(true);
    app = built;
    const response = await built.inject({ method: 'DELETE', url: '/api/faults' });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('FAULT_PROXY_UNAVAILABLE');
  });

  it('documents the fault routes in OpenAPI', async () => {
    const { app } = await start();
    const doc = (await app.inject('/api/openapi.json')).json();
    expect(Object.keys(doc.paths['/api/faults']).sort()).toEqual(['delete', 'get']);
    expect(Object.keys(doc.paths['/api/faults/{target}']).sort()).toEqual(['delete', 'put']);
    expect(Object.keys(doc.paths['/api/faults/types'])).toEqual(['get']);
    const body = doc.paths['/api/faults/{target}'].put.requestBody.content['application/json'].schema;
    // The BFF no longer lists the fault types: GET /api/faults/types does (the fault proxy's list).
    expect(body.properties.type).toEqual({ type: 'string', minLength: 1, maxLength: 32 });
    expect(body.properties.durationMs).toMatchObject({ type: 'integer', minimum: 1000, maximum: 3_600_000 });
  });
});

describe('fault API, demo mode off', () => {
  it('does not exist (404 NOT_FOUND) and is not in OpenAPI', async () => {
    const started = await startFakeFaultProxy();
    proxy = started;
    const built = buildApp(false, started.url);
    app = built;
    for (const [method, url] of [
      ['GET', '/api/faults'],
      ['GET', '/api/faults/types'],
      ['PUT', '/api/faults/catalog'],
      ['DELETE', '/api/faults/catalog'],
      ['DELETE', '/api/faults'],
    ] as const) {
      const response = await built.inject({ method, url, payload: { type: 'down' } });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
    const doc = (await built.inject('/api/openapi.json')).json();
    expect(Object.keys(doc.paths).filter((path) => path.startsWith('/api/faults'))).toEqual([]);
    expect(started.calls).toEqual([]);
  });
});
