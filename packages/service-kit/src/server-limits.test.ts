import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from './create-app.js';
import { SERVER_LIMITS, serverLimits } from './server-limits.js';
import { expectEdgeErrors, rawExchange } from './testing/index.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function listening(
  server: Parameters<typeof createApp>[0]['server'] = {},
): Promise<{ instance: FastifyInstance; port: number }> {
  const instance = createApp({ name: 'demo', server: { bodyLimit: 1024, ...server } });
  instance.get('/items', async () => ({ items: [] }));
  instance.get('/items/:id', async () => ({ ok: true }));
  instance.post('/items', async (request) => ({ got: request.body }));
  app = instance;
  await instance.listen({ port: 0, host: '127.0.0.1' });
  return { instance, port: (instance.server.address() as AddressInfo).port };
}

describe('server limits', () => {
  it('applies the kit defaults, and a process overrides one by naming it', () => {
    const limits = serverLimits({ bodyLimit: 64 * 1024, http: { headersTimeout: 5_000 } });
    expect(limits).toMatchObject({
      bodyLimit: 64 * 1024,
      requestTimeout: SERVER_LIMITS.requestTimeout,
      keepAliveTimeout: SERVER_LIMITS.keepAliveTimeout,
      connectionTimeout: SERVER_LIMITS.connectionTimeout,
      http: { headersTimeout: 5_000, maxHeaderSize: 16 * 1024 },
    });
  });

  it('sets them on the Node server', async () => {
    const { instance } = await listening();
    expect(instance.server.requestTimeout).toBe(SERVER_LIMITS.requestTimeout);
    expect(instance.server.headersTimeout).toBe(SERVER_LIMITS.headersTimeout);
    expect(instance.server.keepAliveTimeout).toBe(SERVER_LIMITS.keepAliveTimeout);
    expect(instance.server.timeout).toBe(SERVER_LIMITS.connectionTimeout);
  });

  it("answers Fastify's and the parser's own errors with the envelope", async () => {
    const { port } = await listening();
    const probes = await expectEdgeErrors({
      port,
      knownPath: '/items',
      wrongMethod: 'DELETE',
      body: { method: 'POST', path: '/items', limit: 1024 },
      paramPathPrefix: '/items/',
    });
    expect(probes.length).toBe(10);
  });

  it('answers a known path asked with another method 405, naming the allowed ones', async () => {
    const { port } = await listening();
    const answer = await rawExchange(
      port,
      `PUT /items/7 HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`,
    );
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('GET, HEAD');
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
  });

  it('cuts a client that sends its headers and then dribbles the body (408, then the socket closes)', async () => {
    const { port } = await listening({
      requestTimeout: 300,
      http: { headersTimeout: 300, connectionsCheckingInterval: 50 },
    });
    const socket = connect({ port, host: '127.0.0.1' });
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
    });
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(
      'POST /items HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{',
    );
    // Keeps dribbling a byte now and then, never finishing: only the server's request timeout ends this.
    const drip = setInterval(() => {
      if (!socket.destroyed) socket.write(' ');
    }, 100);
    await closed;
    clearInterval(drip);
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    const body = received.slice(received.indexOf('\r\n\r\n') + 4);
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'REQUEST_TIMEOUT' } });
  });
});

// Found by the fuzz suite (fuzz/): Node answered these itself, without the envelope or without a word.
describe('requests Node would answer on its own', () => {
  it('an HTTP/1.1 request without Host gets the envelope (the host allow-list refuses it), not a bare 400', async () => {
    const { port } = await listening();
    const answer = await rawExchange(port, 'GET /items HTTP/1.1\r\nConnection: close\r\n\r\n');
    expect(answer.status).toBe(403);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'HOST_NOT_ALLOWED' } });
  });

  it('CONNECT gets the envelope before the connection closes, instead of a silent close', async () => {
    const { port } = await listening();
    const answer = await rawExchange(port, 'CONNECT /items HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'BAD_REQUEST' }, meta: {} });
  });
});
