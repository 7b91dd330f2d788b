import type { AddressInfo } from 'node:net';
import { createApp } from '@storefront/service-kit';
import { expectEdgeErrors, rawExchange } from '@storefront/service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from './app.js';
import { createTempRoot, SITE_FILES, type TempRoot } from './test-support/temp-root.js';

const portOf = (app: FastifyInstance) => (app.server.address() as AddressInfo).port;

/** A JSON POST of `bytes` bytes, written raw. */
function jsonPost(port: number, path: string, bytes: number, extra = ''): string {
  const body = `{"x":"${'e'.repeat(Math.max(0, bytes - 8))}"}`;
  return (
    `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nconnection: close\r\n${extra}` +
    `content-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`
  );
}

describe('static hosts: the errors Fastify and the HTTP parser raise (real socket)', () => {
  let root: TempRoot;
  let bff: FastifyInstance;
  let remote: FastifyInstance;
  let shell: FastifyInstance;
  const seenIds: string[] = [];

  beforeAll(async () => {
    root = createTempRoot(SITE_FILES);
    // A stand-in BFF with the kit's envelope and a body limit smaller than the shell host's (1 MiB).
    bff = createApp({ name: 'bff', server: { bodyLimit: 64 * 1024 } });
    bff.post('/api/cart/lines', async (request) => {
      seenIds.push(String(request.headers['x-request-id']));
      return { ok: true };
    });
    await bff.listen({ port: 0, host: '127.0.0.1' });
    remote = build({ root: root.dir, name: 'catalog', cors: true, spa: false, logger: false });
    await remote.listen({ port: 0, host: '127.0.0.1' });
    const apiProxy = `http://127.0.0.1:${portOf(bff)}`;
    shell = build({ root: root.dir, name: 'shell', cors: false, spa: true, apiProxy, logger: false });
    await shell.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await Promise.all([shell.close(), remote.close(), bff.close()]);
    root.remove();
  });

  it('a remote host answers each with the one envelope (404, 405 on a file, 400, 414, 431)', async () => {
    await expectEdgeErrors({ port: portOf(remote), knownPath: '/main.js', wrongMethod: 'POST' });
  });

  it('the shell host answers its own with the envelope too (405 on a page, 431, 414, garbage)', async () => {
    // Unknown GET paths are pages (index.html): only the probes that do not ask for a page apply.
    await expectEdgeErrors({
      port: portOf(shell),
      knownPath: '/',
      wrongMethod: 'PUT',
      skip: ['no such route', 'a 10,000-character path segment', 'an unacceptable request id'],
    });
  });

  it("passes the BFF's own 413 through as 413, and refuses a body over its edge limit itself", async () => {
    const port = portOf(shell);
    const overBff = await rawExchange(port, jsonPost(port, '/api/cart/lines', 100 * 1024));
    expect(overBff.status).toBe(413);
    expect(JSON.parse(overBff.body)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    const overEdge = await rawExchange(port, jsonPost(port, '/api/cart/lines', 1024 * 1024 + 100 * 1024));
    expect(overEdge.status).toBe(413);
    expect(JSON.parse(overEdge.body)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    const small = await rawExchange(port, jsonPost(port, '/api/cart/lines', 100));
    expect(small.status).toBe(200);
  });

  it('never forwards an unacceptable request id to the BFF unchanged', async () => {
    const port = portOf(shell);
    seenIds.length = 0;
    await rawExchange(port, jsonPost(port, '/api/cart/lines', 100, `x-request-id: ${'y'.repeat(300)}\r\n`));
    await rawExchange(port, jsonPost(port, '/api/cart/lines', 100, 'x-request-id: good-id.1\r\n'));
    expect(seenIds[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(seenIds[1]).toBe('good-id.1');
  });
});
