import type { AddressInfo } from 'node:net';
import { expectEdgeErrors, signed, type TestApp } from '@storefront/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCatalog } from './testing/catalog-app.js';

describe('catalog service: the errors Fastify and the HTTP parser raise (real socket)', () => {
  let started: TestApp;
  let port: number;

  beforeAll(async () => {
    started = await startCatalog();
    await started.app.listen({ port: 0, host: '127.0.0.1' });
    port = (started.app.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await started.close();
  });

  it('answers each with the one envelope (404, 405, 400, 408-free, 413, 414, 415, 431)', async () => {
    const probes = await expectEdgeErrors({
      port,
      knownPath: '/products',
      wrongMethod: 'DELETE',
      paramPathPrefix: '/products/',
      body: { method: 'POST', path: '/stock/reservations', limit: 1024 * 1024 },
      // Writes carry the BFF's credential, as they would: the probes test the limits, not the trust.
      headersFor: (method, path) => (method === 'GET' ? {} : signed({ method, url: path }).headers),
    });
    expect(probes.map((probe) => probe.name)).toContain('a body over the limit');
  });
});
