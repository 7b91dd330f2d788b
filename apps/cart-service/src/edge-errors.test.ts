import type { AddressInfo } from 'node:net';
import { expectEdgeErrors, signed, type TestApp } from '@storefront/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCart } from './testing/cart-app.js';

describe('cart service: the errors Fastify and the HTTP parser raise (real socket)', () => {
  let started: TestApp;
  let port: number;

  beforeAll(async () => {
    started = await startCart();
    await started.app.listen({ port: 0, host: '127.0.0.1' });
    port = (started.app.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await started.close();
  });

  it('answers each with the one envelope (404, 405, 400, 413, 414, 415, 431)', async () => {
    const probes = await expectEdgeErrors({
      port,
      knownPath: '/cart',
      wrongMethod: 'POST',
      paramPathPrefix: '/orders/',
      body: { method: 'PUT', path: '/cart/lines/1', limit: 1024 * 1024 },
      // As the BFF calls it: an identity, signed.
      headersFor: (method, path) => signed({ method, url: path, headers: { 'x-user-id': '1' } }).headers,
    });
    expect(probes.map((probe) => probe.name)).toContain('a body of another media type');
  });
});
