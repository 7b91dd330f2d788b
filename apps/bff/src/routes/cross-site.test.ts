// What a hostile page can send to the BFF (a form post, fetch in no-cors mode) and what a DNS-rebound name can
// reach: nothing that changes state. The storefront's own pages, the CLI and curl keep working.
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeFaultProxy, startFakeFaultProxy } from '../test-support/fake-fault-proxy.js';
import { buildOfflineBff } from '../test-support/offline-bff.js';
import { type Harness, startHarness } from '../test-support/shopper-harness.js';

const EVIL = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
const SHOP = { origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' };
const JSON_TYPE = { 'content-type': 'application/json' };
/** `meta.traceId` of an error envelope: the request's W3C trace id. */
const TRACE_ID = expect.stringMatching(/^[0-9a-f]{32}$/);

let harness: Harness | undefined;
let proxy: FakeFaultProxy | undefined;
let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  await proxy?.close();
  await harness?.close();
  app = undefined;
  proxy = undefined;
  harness = undefined;
});

async function demoBff(): Promise<{ app: FastifyInstance; proxy: FakeFaultProxy }> {
  proxy = await startFakeFaultProxy();
  app = buildOfflineBff({ demoMode: true, faultProxyControlUrl: proxy.url });
  await app.ready();
  return { app, proxy };
}

async function signedIn() {
  harness = await startHarness();
  const b = harness.browser();
  const signup = await b.request({
    method: 'POST',
    url: '/api/account/signup',
    body: { email: 'ada@example.com', password: 'a-long-password', name: 'Ada' },
  });
  expect(signup.statusCode).toBe(201);
  const user = async () => (await b.request({ url: '/api/account/me' })).json().user;
  expect(await user()).not.toBeNull();
  return { b, user };
}

function expectRefused(response: { statusCode: number; json(): unknown }, status: number, code: string) {
  expect(response.statusCode).toBe(status);
  expect(response.json()).toEqual({
    error: { code, message: expect.any(String) },
    meta: { requestId: expect.any(String), traceId: TRACE_ID },
  });
}

describe('cross-site writes to the fault API', () => {
  it('refuses to run a scenario from another site, as a no-cors fetch or a form would send it', async () => {
    const { app, proxy } = await demoBff();
    const url = '/api/faults/scenarios/catalog-outage/run';
    const attempts = [
      { headers: EVIL },
      { headers: { ...EVIL, 'content-type': 'text/plain' }, payload: '{"speed":1}' },
      { headers: { ...EVIL, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'speed=1' },
      { headers: { origin: 'https://evil.example' } },
      { headers: { 'sec-fetch-site': 'same-site', ...JSON_TYPE } },
      { headers: { origin: 'null', ...JSON_TYPE } },
    ];
    for (const attempt of attempts) {
      expectRefused(await app.inject({ method: 'POST', url, ...attempt }), 403, 'CROSS_SITE_REQUEST');
    }
    // Body-less or text/plain without any browser header (an old browser): not JSON, refused all the same.
    expectRefused(await app.inject({ method: 'POST', url }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectRefused(
      await app.inject({ method: 'POST', url, headers: { 'content-type': 'text/plain' }, payload: '' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    for (const [method, path] of [
      ['PUT', '/api/faults/catalog'],
      ['DELETE', '/api/faults/catalog'],
      ['DELETE', '/api/faults'],
      ['DELETE', '/api/faults/scenarios/current'],
      ['POST', '/api/faults/processes/bff-1/kill'],
    ] as const) {
      const response = await app.inject({
        method,
        url: path,
        headers: { ...EVIL, ...JSON_TYPE },
        payload: '{}',
      });
      expectRefused(response, 403, 'CROSS_SITE_REQUEST');
    }
    expect(proxy.calls).toEqual([]);
  });

  it('runs it for the console (same origin, JSON, empty body) and for the CLI (no browser headers)', async () => {
    const { app, proxy } = await demoBff();
    const url = '/api/faults/scenarios/catalog-outage/run';
    const console = await app.inject({ method: 'POST', url, headers: { ...SHOP, ...JSON_TYPE } });
    expect(console.statusCode).toBe(202);
    const cancel = await app.inject({
      method: 'DELETE',
      url: '/api/faults/scenarios/current',
      headers: SHOP,
    });
    expect(cancel.statusCode).toBe(200);
    const cli = await app.inject({ method: 'POST', url, headers: JSON_TYPE, payload: '{"speed":2}' });
    expect(cli.statusCode).toBe(202);
    expect(proxy.calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      `POST /scenarios/catalog-outage/run`,
      'DELETE /scenarios/current',
      `POST /scenarios/catalog-outage/run`,
    ]);
  });
});

describe('cross-site writes to the shop', () => {
  it('does not sign the shopper out from another site, nor with a text/plain body', async () => {
    const { b, user } = await signedIn();
    const url = '/api/account/signout';
    expectRefused(
      await b.request({ method: 'POST', url, headers: { ...EVIL, 'content-type': 'text/plain' } }),
      403,
      'CROSS_SITE_REQUEST',
    );
    expectRefused(
      await b.request({ method: 'POST', url, headers: { 'content-type': 'text/plain' } }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectRefused(
      await b.request({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(await user()).not.toBeNull();
    const own = await b.request({ method: 'POST', url, headers: { ...SHOP, ...JSON_TYPE } });
    expect(own.statusCode).toBe(200);
    expect(await user()).toBeNull();
  });

  it('refuses cart, profile and checkout writes whose Origin is another site, and takes the shop own', async () => {
    const { b } = await signedIn();
    const evil = { origin: 'https://evil.example' };
    const writes = [
      { method: 'POST', url: '/api/cart/lines', body: { productId: 1, quantity: 1 } },
      { method: 'PATCH', url: '/api/cart/lines/1', body: { quantity: 2 } },
      { method: 'DELETE', url: '/api/cart/lines/1' },
      { method: 'PUT', url: '/api/account/profile', body: { name: 'Eve', shippingAddress: null } },
      { method: 'POST', url: '/api/checkout', body: {} },
      { method: 'POST', url: '/api/account/signin', body: { email: 'ada@example.com', password: 'x' } },
    ] as const;
    for (const write of writes) {
      const headers = { ...evil, 'idempotency-key': 'k-1' };
      expectRefused(await b.request({ ...write, headers }), 403, 'CROSS_SITE_REQUEST');
    }
    expect(harness?.cart.hits.filter((hit) => hit.method !== 'GET')).toEqual([]);
    const own = await b.request({
      method: 'POST',
      url: '/api/cart/lines',
      body: { productId: 1, quantity: 1 },
      headers: { origin: 'http://127.0.0.1:3000', 'idempotency-key': 'k-2' },
    });
    expect(own.statusCode).toBe(200);
  });

  it('refuses a rebound Host name with 403 HOST_NOT_ALLOWED, reads included', async () => {
    const { b } = await signedIn();
    const rebound = await b.request({
      url: '/api/account/me',
      headers: { host: 'rebind.evil.example:3000' },
    });
    expectRefused(rebound, 403, 'HOST_NOT_ALLOWED');
    expect((await b.request({ url: '/health', headers: { host: '127.0.0.1:4000' } })).statusCode).toBe(200);
  });
});
