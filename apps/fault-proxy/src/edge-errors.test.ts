import type { AddressInfo } from 'node:net';
import { expectEdgeErrors, rawExchange } from '@storefront/service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from './app.js';
import { startUpstream, type Upstream } from './testing/helpers.js';

describe('fault proxy: the errors Fastify and the HTTP parser raise (real socket)', () => {
  let upstream: Upstream;
  let app: FastifyInstance;
  let control: number;
  let target: number;

  beforeAll(async () => {
    upstream = await startUpstream();
    app = build({
      targets: [{ name: 'catalog', kind: 'service', listen: 0, upstream: upstream.url.toString() }],
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    control = (app.server.address() as AddressInfo).port;
    target = app.targets.get('catalog')?.describe().listen ?? 0;
  });

  afterAll(async () => {
    await app.close();
    await upstream.app.close();
  });

  it('the control API answers each with the one envelope (404, 405, 400, 413, 414, 415, 431)', async () => {
    await expectEdgeErrors({
      port: control,
      knownPath: '/faults/types',
      // DELETE would match `DELETE /faults/:target`; no route posts there.
      wrongMethod: 'POST',
      headers: { 'content-type': 'application/json' },
      body: { method: 'PUT', path: '/faults/catalog', limit: 1024 * 1024 },
    });
  });

  it("a target port answers the HTTP parser's refusals itself with the envelope (400, 414, 431)", async () => {
    // Everything else on a target port is the upstream's answer, passed through: only these are the proxy's.
    const host = `host: 127.0.0.1:${target}\r\nconnection: close\r\n`;
    const cases = [
      { data: 'NOT HTTP AT ALL\r\n\r\n', status: 400, code: 'BAD_REQUEST' },
      {
        data: `GET /echo HTTP/1.1\r\n${host}x-big: ${'z'.repeat(20_000)}\r\n\r\n`,
        status: 431,
        code: 'HEADERS_TOO_LARGE',
      },
      { data: `GET /${'u'.repeat(20_000)} HTTP/1.1\r\n${host}\r\n`, status: 414, code: 'URL_TOO_LONG' },
    ];
    for (const { data, status, code } of cases) {
      const answer = await rawExchange(target, data);
      expect(answer.status).toBe(status);
      const body = JSON.parse(answer.body);
      expect(body).toMatchObject({ error: { code }, meta: { requestId: answer.headers['x-request-id'] } });
    }
  });

  it('a target port forwards a well-formed request id and replaces any other', async () => {
    const ask = async (id: string) => {
      const answer = await rawExchange(
        target,
        `GET /echo HTTP/1.1\r\nhost: 127.0.0.1:${target}\r\nconnection: close\r\nx-request-id: ${id}\r\n\r\n`,
      );
      return (JSON.parse(answer.body) as { headers: Record<string, string> }).headers['x-request-id'];
    };
    expect(await ask('bff-1.a')).toBe('bff-1.a');
    expect(await ask('w'.repeat(200))).toMatch(/^[0-9a-f-]{36}$/);
  });
});
