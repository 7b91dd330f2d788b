import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FAKE_SCENARIOS,
  type FakeFaultProxy,
  startFakeFaultProxy,
} from '../test-support/fake-fault-proxy.js';
import { buildOfflineBff } from '../test-support/offline-bff.js';

let proxy: FakeFaultProxy | undefined;
let app: FastifyInstance | undefined;

async function start(demoMode = true): Promise<{ app: FastifyInstance; proxy: FakeFaultProxy }> {
  const started = await startFakeFaultProxy();
  proxy = started;
  const built = buildOfflineBff({ demoMode, faultProxyControlUrl: started.url });
  app = built;
  await built.ready();
  return { app: built, proxy: started };
}

afterEach(async () => {
  await app?.close();
  await proxy?.close();
  app = undefined;
  proxy = undefined;
});

/** Every write of the storefront's clients is JSON, an empty body included (the cross-site guard). */
const JSON_HEADERS = { 'content-type': 'application/json' };

const ROUTES = [
  ['GET', '/api/faults/scenarios'],
  ['POST', '/api/faults/scenarios/catalog-outage/run'],
  ['DELETE', '/api/faults/scenarios/current'],
] as const;

describe('scenario routes through the BFF', () => {
  it('forwards GET /api/faults/scenarios with meta.requestId', async () => {
    const { app, proxy } = await start();
    const response = await app.inject({ url: '/api/faults/scenarios', headers: { 'x-request-id': 'sc-1' } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      scenarios: JSON.parse(JSON.stringify(FAKE_SCENARIOS)),
      meta: { requestId: 'sc-1' },
    });
    expect(proxy.calls).toEqual([{ method: 'GET', url: '/scenarios', body: undefined, requestId: 'sc-1' }]);
  });

  it('starts a run (202), shows it in GET /api/faults and the ops snapshot, and cancels it', async () => {
    const { app, proxy } = await start();
    const run = await app.inject({
      method: 'POST',
      url: '/api/faults/scenarios/catalog-outage/run',
      payload: { speed: 2 },
    });
    expect(run.statusCode).toBe(202);
    expect(run.json().run).toMatchObject({ name: 'catalog-outage', speed: 2 });
    expect(proxy.calls.at(-1)).toMatchObject({
      method: 'POST',
      url: '/scenarios/catalog-outage/run',
      body: { speed: 2 },
    });

    const faults = (await app.inject('/api/faults')).json();
    expect(faults.scenario).toMatchObject({ name: 'catalog-outage', speed: 2, stepsDone: 0, stepsTotal: 2 });
    const snapshot = await app.opsStream.snapshot();
    expect(snapshot.faults).toMatchObject({
      available: true,
      scenario: { name: 'catalog-outage', stepsTotal: 2 },
    });

    const cancel = await app.inject({ method: 'DELETE', url: '/api/faults/scenarios/current' });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json().cancelled).toMatchObject({ name: 'catalog-outage' });
    expect((await app.inject('/api/faults')).json().scenario).toBeNull();
  });

  it('starts a run without a body at speed 1', async () => {
    const { app, proxy } = await start();
    const run = await app.inject({
      method: 'POST',
      url: '/api/faults/scenarios/catalog-outage/run',
      headers: JSON_HEADERS,
    });
    expect(run.statusCode).toBe(202);
    expect(run.json().run).toMatchObject({ speed: 1 });
    expect(proxy.calls.at(-1)?.body).toBeUndefined();
  });

  it('passes 404 UNKNOWN_SCENARIO through and rejects a bad name or speed itself', async () => {
    const { app, proxy } = await start();
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/faults/scenarios/nope/run',
      headers: JSON_HEADERS,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('UNKNOWN_SCENARIO');
    const calls = proxy.calls.length;

    const malformed = await app.inject({
      method: 'POST',
      url: '/api/faults/scenarios/Not_Valid/run',
      headers: JSON_HEADERS,
    });
    expect(malformed.statusCode).toBe(404);
    expect(malformed.json().error.code).toBe('UNKNOWN_SCENARIO');
    for (const payload of [{ speed: 21 }, { speed: 0 }, { speed: 'fast' }, { pace: 1 }]) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/faults/scenarios/catalog-outage/run',
        payload,
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.code).toBe('INVALID_REQUEST');
    }
    expect(proxy.calls).toHaveLength(calls);
  });

  it('refuses non-loopback callers with 403 LOOPBACK_ONLY', async () => {
    const { app, proxy } = await start();
    for (const [method, url] of ROUTES) {
      const response = await app.inject({
        method,
        url,
        headers: { ...JSON_HEADERS, 'x-forwarded-for': '203.0.113.9' },
      });
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json().error.code).toBe('LOOPBACK_ONLY');
    }
    expect(proxy.calls).toEqual([]);
  });

  it('answers 503 FAULT_PROXY_UNAVAILABLE when the control API is down', async () => {
    const { app, proxy } = await start();
    await proxy.close();
    for (const [method, url] of ROUTES) {
      const response = await app.inject({ method, url, headers: JSON_HEADERS });
      expect(response.statusCode, `${method} ${url}`).toBe(503);
      expect(response.json().error.code).toBe('FAULT_PROXY_UNAVAILABLE');
    }
  });

  it('documents the scenario routes in OpenAPI', async () => {
    const { app } = await start();
    const doc = (await app.inject('/api/openapi.json')).json();
    expect(Object.keys(doc.paths['/api/faults/scenarios'])).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/faults/scenarios/{name}/run'])).toEqual(['post']);
    expect(Object.keys(doc.paths['/api/faults/scenarios/current'])).toEqual(['delete']);
    const body =
      doc.paths['/api/faults/scenarios/{name}/run'].post.requestBody.content['application/json'].schema;
    expect(body.properties.speed).toMatchObject({ type: 'number', minimum: 0.1, maximum: 20 });
  });

  it('does not exist when demo mode is off', async () => {
    const { app, proxy } = await start(false);
    for (const [method, url] of ROUTES) {
      const response = await app.inject({ method, url });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
    expect(proxy.calls).toEqual([]);
  });
});
