import type { AddressInfo } from 'node:net';
import { expectEdgeErrors, signed, type TestApp } from '@storefront/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAccountApp } from './testing/helpers.js';

describe('account service: the errors Fastify and the HTTP parser raise (real socket)', () => {
  let started: TestApp;
  let port: number;

  beforeAll(async () => {
    started = await startAccountApp();
    await started.app.listen({ port: 0, host: '127.0.0.1' });
    port = (started.app.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await started.close();
  });

  it('answers each with the one envelope (404, 405, 400, 413, 414, 415, 431)', async () => {
    const probes = await expectEdgeErrors({
      port,
      knownPath: '/profile',
      wrongMethod: 'DELETE',
      body: { method: 'POST', path: '/users', limit: 1024 * 1024 },
      // Every account route is the BFF's alone: each probe carries its credential, as the BFF's calls do.
      headersFor: (method, path) => signed({ method, url: path }).headers,
    });
    expect(probes.map((probe) => probe.name)).toContain('a body over the limit');
  });
});
