import type { AddressInfo } from 'node:net';
import { expectEdgeErrors, rawExchange } from '@storefront/service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BFF_BODY_LIMIT } from './app.js';
import { buildOfflineBff } from './test-support/offline-bff.js';

describe('BFF: the errors Fastify and the HTTP parser raise (real socket)', () => {
  let app: FastifyInstance;
  let port: number;

  beforeAll(async () => {
    // No upstream answers (port 9): every probe is refused before any upstream call.
    app = buildOfflineBff();
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers each with the one envelope (404, 405, 400, 413, 414, 415, 431)', async () => {
    const probes = await expectEdgeErrors({
      port,
      knownPath: '/api/catalog/products',
      wrongMethod: 'DELETE',
      paramPathPrefix: '/api/catalog/products/',
      body: { method: 'POST', path: '/api/cart/lines', limit: BFF_BODY_LIMIT },
    });
    expect(probes.length).toBe(10);
  });

  it('keeps a well-formed caller id and replaces any other', async () => {
    const ask = (id: string) =>
      rawExchange(
        port,
        `GET /api/nowhere HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nconnection: close\r\nx-request-id: ${id}\r\n\r\n`,
      );
    expect((await ask('shell-7.a:b@c')).headers['x-request-id']).toBe('shell-7.a:b@c');
    for (const bad of ['x'.repeat(129), 'has space', 'semi;colon', '<script>']) {
      const answer = await ask(bad);
      expect(answer.headers['x-request-id']).not.toBe(bad);
      expect(JSON.parse(answer.body).meta.requestId).toBe(answer.headers['x-request-id']);
    }
  });
});
