// The fault proxy passes requests on unchanged: it neither adds a credential nor strips one, so a caller going
// through its ports is refused by a service exactly like a caller going straight to the service (issue 12).
import { createApp, serviceCredentialPlugin } from '@storefront/service-kit';
import { signed, TEST_SERVICE_SECRET } from '@storefront/service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTargetProxy, type TargetProxy } from './proxy.js';
import { memoryLogger, send } from './testing/helpers.js';

let service: FastifyInstance;
let proxy: TargetProxy;
let port: number;

beforeAll(async () => {
  // A service as the storefront's are built: the kit's app and its credential check.
  service = createApp({ name: 'account-like' });
  service.register(serviceCredentialPlugin, { secret: TEST_SERVICE_SECRET });
  service.get('/profile', async (request) => ({
    email: `user-${String(request.headers['x-user-id'])}@example.com`,
  }));
  await service.listen({ port: 0, host: '127.0.0.1' });
  const address = service.server.address();
  if (address === null || typeof address === 'string') throw new Error('service did not listen');
  proxy = createTargetProxy({
    name: 'account',
    kind: 'service',
    listenPort: 0,
    host: '127.0.0.1',
    upstream: new URL(`http://127.0.0.1:${address.port}`),
    logger: memoryLogger(),
  });
  await proxy.start();
  port = proxy.describe().listen;
});

afterAll(async () => {
  await proxy.stop();
  await service.close();
});

describe('through the fault proxy', () => {
  it('refuses x-user-id without the BFF credential with 401 UNTRUSTED_CALLER, in the envelope', async () => {
    const res = await send(port, { path: '/profile', headers: { 'x-user-id': '1' } });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({
      error: { code: 'UNTRUSTED_CALLER' },
      meta: { requestId: expect.any(String) },
    });
    expect(res.text).not.toContain('user-1@example.com');
  });

  it('refuses a credential made for another path or another user', async () => {
    const otherPath = signed({ method: 'GET', url: '/orders', headers: { 'x-user-id': '1' } });
    expect((await send(port, { path: '/profile', headers: otherPath.headers })).status).toBe(401);
    const otherUser = signed({ method: 'GET', url: '/profile', headers: { 'x-user-id': '2' } });
    const forged = { ...otherUser.headers, 'x-user-id': '1' };
    expect((await send(port, { path: '/profile', headers: forged })).status).toBe(401);
  });

  it("passes the BFF's credential on unchanged: a signed request is answered", async () => {
    const request = signed({ method: 'GET', url: '/profile', headers: { 'x-user-id': '1' } });
    const res = await send(port, { path: '/profile', headers: request.headers });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ email: 'user-1@example.com' });
  });
});
