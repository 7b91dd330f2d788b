import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from './app.js';
import type { TargetDescription } from './proxy.js';
import { failureOf, send, startUpstream, type Upstream } from './testing/helpers.js';

/** `meta.traceId` of an envelope sent by the kit (the proxy's own raw answers carry none). */
const TRACE_ID = expect.stringMatching(/^[0-9a-f]{32}$/);

let upstream: Upstream;
let app: FastifyInstance;
let logLines: Record<string, unknown>[];

function capture(): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() !== '') logLines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
}

beforeEach(async () => {
  upstream = await startUpstream();
  logLines = [];
  app = build({
    targets: [
      { name: 'catalog', kind: 'service', listen: 0, upstream: upstream.url.toString() },
      { name: 'remote-catalog', kind: 'remote', listen: 0, upstream: upstream.url.toString() },
    ],
    logger: { level: 'info', stream: capture() },
  });
  await app.ready();
});

afterEach(async () => {
  await app.close();
  await upstream.app.close();
});

function portOf(name: string): number {
  const proxy = app.targets.get(name);
  if (proxy === undefined) throw new Error(`no target ${name}`);
  return proxy.describe().listen;
}

const put = (target: string, payload: unknown) =>
  app.inject({ method: 'PUT', url: `/faults/${target}`, payload: payload as Record<string, unknown> });

describe('control API', () => {
  it('GET /health answers ok', async () => {
    const res = await app.inject({ url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', service: 'fault-proxy', targets: 2 });
  });

  it('GET /faults lists every target with its real listen port and no fault', async () => {
    const res = await app.inject({ url: '/faults' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { targets: TargetDescription[]; meta: { at: string } };
    expect(body.targets).toEqual([
      {
        name: 'catalog',
        kind: 'service',
        listen: portOf('catalog'),
        upstream: upstream.url.toString(),
        fault: null,
      },
      {
        name: 'remote-catalog',
        kind: 'remote',
        listen: portOf('remote-catalog'),
        upstream: upstream.url.toString(),
        fault: null,
      },
    ]);
    expect(portOf('catalog')).toBeGreaterThan(0);
    expect(typeof body.meta.at).toBe('string');
  });

  it.each([
    [{ type: 'down' }, { type: 'down', options: {} }],
    [
      { type: 'hang', durationMs: 60_000 },
      { type: 'hang', options: {} },
    ],
    [
      { type: 'latency', options: { ms: 10 } },
      { type: 'latency', options: { ms: 10, jitterMs: 0 } },
    ],
    [
      { type: 'errors', options: { percent: 30 } },
      { type: 'errors', options: { percent: 30, status: 503 } },
    ],
    [
      { type: 'flapping', options: { upMs: 60_000 } },
      { type: 'flapping', options: { upMs: 60_000, downMs: 5000 }, phase: 'down' },
    ],
  ])('PUT /faults/:target %j injects it', async (payload, expected) => {
    const res = await put('catalog', payload);
    expect(res.statusCode).toBe(200);
    const { target } = res.json() as { target: TargetDescription };
    expect(target.name).toBe('catalog');
    expect(target.fault).toMatchObject({ ...expected, injectedAt: expect.any(String) });
    expect(target.fault?.expiresAt === null).toBe(!('durationMs' in payload));
  });

  it('an injected fault acts on the proxied traffic and DELETE clears it', async () => {
    const port = portOf('catalog');
    expect((await send(port)).status).toBe(200);
    await put('catalog', { type: 'errors', options: { percent: 100, status: 500 } });
    const broken = await send(port);
    expect(broken.status).toBe(500);
    expect(broken.json()).toMatchObject({ error: { code: 'INJECTED_FAULT' } });
    // Other targets are untouched.
    expect((await send(portOf('remote-catalog'))).status).toBe(200);

    const cleared = await app.inject({ method: 'DELETE', url: '/faults/catalog' });
    expect(cleared.statusCode).toBe(200);
    expect((cleared.json() as { target: TargetDescription }).target.fault).toBeNull();
    expect((await send(port)).status).toBe(200);
  });

  it('DELETE /faults clears every target', async () => {
    await put('catalog', { type: 'down' });
    await put('remote-catalog', { type: 'hang' });
    expect(await failureOf(send(portOf('catalog')))).toBe('ECONNREFUSED');
    const res = await app.inject({ method: 'DELETE', url: '/faults' });
    expect(res.statusCode).toBe(200);
    const { targets } = res.json() as { targets: TargetDescription[] };
    expect(targets.map((target) => target.fault)).toEqual([null, null]);
    expect((await send(portOf('catalog'))).status).toBe(200);
    expect((await send(portOf('remote-catalog'))).status).toBe(200);
  });

  it.each([
    [{ type: 'nope' }, 'type must be one of'],
    [{ type: 'latency' }, 'options.ms is required'],
    [{ type: 'latency', options: { ms: 70_000 } }, 'options.ms must be an integer from 0 to 60000'],
    [{ type: 'latency', options: { ms: '5' } }, 'options.ms must be an integer'],
    [{ type: 'errors', options: { percent: 101 } }, 'options.percent must be a number from 1 to 100'],
    [
      { type: 'errors', options: { percent: 10, status: 200 } },
      'options.status must be an integer from 500 to 599',
    ],
    [{ type: 'flapping', options: { upMs: 50 } }, 'options.upMs must be an integer from 100 to 600000'],
    [{ type: 'down', durationMs: 500 }, 'durationMs must be an integer from 1000 to 3600000'],
    [{ type: 'hang', options: { ms: 1 } }, 'unknown option for hang "ms"'],
    [{ type: 'down', foo: 1 }, 'unknown field "foo"'],
    [[1, 2], 'the body must be a JSON object'],
  ])('PUT %j answers 400 INVALID_REQUEST', async (payload, message) => {
    const res = await put('catalog', payload);
    expect(res.statusCode).toBe(400);
    const body = res.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe('INVALID_REQUEST');
    expect(body.error.message).toContain(message);
    expect(app.targets.get('catalog')?.describe().fault).toBeNull();
  });

  it('PUT with no body or broken JSON answers 400 INVALID_REQUEST', async () => {
    const empty = await app.inject({
      method: 'PUT',
      url: '/faults/catalog',
      headers: { 'content-type': 'application/json' },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ error: { code: 'INVALID_REQUEST' } });
    const broken = await app.inject({
      method: 'PUT',
      url: '/faults/catalog',
      headers: { 'content-type': 'application/json' },
      payload: '{nope',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ error: { code: 'INVALID_REQUEST' } });
  });

  it('unknown targets answer 404 UNKNOWN_TARGET, even with a bad body', async () => {
    for (const res of [
      await put('nope', { type: 'down' }),
      await put('nope', { type: 'bad' }),
      await app.inject({ method: 'DELETE', url: '/faults/nope' }),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({
        error: { code: 'UNKNOWN_TARGET', message: expect.stringContaining('catalog') },
      });
    }
  });

  it('answers non-loopback clients with 403 LOOPBACK_ONLY, /health included', async () => {
    for (const remoteAddress of ['10.0.0.5', '::ffff:192.168.0.2']) {
      for (const url of ['/faults', '/faults/types', '/health']) {
        const res = await app.inject({ url, remoteAddress });
        expect(res.statusCode, url).toBe(403);
        expect(res.json()).toEqual({
          error: {
            code: 'LOOPBACK_ONLY',
            message: 'The fault proxy control API answers loopback clients only',
          },
          meta: { requestId: res.headers['x-request-id'], traceId: TRACE_ID },
        });
      }
    }
    const put403 = await app.inject({
      method: 'PUT',
      url: '/faults/catalog',
      remoteAddress: '10.0.0.5',
      payload: { type: 'down' },
    });
    expect(put403.statusCode).toBe(403);
    expect(app.targets.get('catalog')?.describe().fault).toBeNull();
    expect((await app.inject({ url: '/faults', remoteAddress: '::1' })).statusCode).toBe(200);
  });

  it('does not let x-forwarded-for vouch for a remote peer; a forwarded remote client is refused too', async () => {
    const spoofed = await app.inject({
      url: '/faults',
      remoteAddress: '203.0.113.9',
      headers: { 'x-forwarded-for': '127.0.0.1' },
    });
    expect(spoofed.statusCode).toBe(403);
    const forwarded = await app.inject({
      url: '/faults',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(forwarded.statusCode).toBe(403);
    const local = await app.inject({
      url: '/faults',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '127.0.0.1' },
    });
    expect(local.statusCode).toBe(200);
  });

  it('answers every error with the one envelope and the request id, the caller’s when it is sane', async () => {
    const bad = await app.inject({
      method: 'PUT',
      url: '/faults/catalog',
      headers: { 'x-request-id': 'chaos-42' },
      payload: { type: 'latency' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['x-request-id']).toBe('chaos-42');
    expect(bad.json()).toEqual({
      error: { code: 'INVALID_REQUEST', message: 'Invalid fault: options.ms is required.', field: 'body' },
      meta: { requestId: 'chaos-42', traceId: TRACE_ID },
    });
    const unknown = await app.inject({ method: 'DELETE', url: '/faults/nope' });
    expect(unknown.json()).toEqual({
      error: {
        code: 'UNKNOWN_TARGET',
        message: 'Unknown target "nope"; known targets: catalog, remote-catalog',
        target: 'nope',
      },
      meta: { requestId: unknown.headers['x-request-id'], traceId: TRACE_ID },
    });
    // Raised by the router before any hook: the envelope all the same.
    const badUrl = await app.inject({ method: 'DELETE', url: '/faults/%zz' });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json()).toMatchObject({
      error: { code: 'INVALID_URL' },
      meta: { requestId: expect.any(String) },
    });
    const media = await app.inject({
      method: 'PUT',
      url: '/faults/catalog',
      headers: { 'content-type': 'application/xml' },
      payload: '<fault type="down"/>',
    });
    expect(media.statusCode).toBe(415);
    expect(media.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses writes from another site (403 CROSS_SITE_REQUEST) and writes that are not JSON (415)', async () => {
    const down = { type: 'down' };
    for (const headers of [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example' },
      { origin: 'http://localhost:3000' },
    ]) {
      const res = await app.inject({ method: 'PUT', url: '/faults/catalog', headers, payload: down });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({
        error: { code: 'CROSS_SITE_REQUEST' },
        meta: { requestId: expect.any(String) },
      });
    }
    const cleared = await app.inject({
      method: 'DELETE',
      url: '/faults',
      headers: { origin: 'http://evil.localhost:8080' },
    });
    expect(cleared.statusCode).toBe(403);
    for (const headers of [{}, { 'content-type': 'text/plain' }]) {
      const res = await app.inject({ method: 'POST', url: '/scenarios/nope/run', headers });
      expect(res.statusCode).toBe(415);
      expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    expect(app.targets.get('catalog')?.describe().fault).toBeNull();
    // The CLI and the BFF send no Origin; a page of this very origin may.
    expect((await put('catalog', down)).statusCode).toBe(200);
    const own = await app.inject({
      method: 'DELETE',
      url: '/faults',
      headers: { host: '127.0.0.1:5000', origin: 'http://127.0.0.1:5000', 'sec-fetch-site': 'same-origin' },
    });
    expect(own.statusCode).toBe(200);
  });

  it('answers loopback Host names only, on the control API and on every target port (DNS rebinding)', async () => {
    const rebound = await app.inject({ url: '/faults', headers: { host: 'rebind.evil.example:5000' } });
    expect(rebound.statusCode).toBe(403);
    expect(rebound.json()).toMatchObject({ error: { code: 'HOST_NOT_ALLOWED' } });
    const port = portOf('catalog');
    const refused = await send(port, { headers: { host: `rebind.evil.example:${port}` } });
    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({
      error: { code: 'HOST_NOT_ALLOWED', target: 'catalog' },
      meta: { requestId: expect.any(String) },
    });
    expect(upstream.hits).toHaveLength(0);
    expect((await send(port, { headers: { host: `localhost:${port}` } })).status).toBe(200);
  });

  it('answers the names of ALLOWED_HOSTS on the target ports', async () => {
    const other = build({
      targets: [{ name: 'catalog', kind: 'service', listen: 0, upstream: upstream.url.toString() }],
      allowedHosts: ['shop.example.com'],
    });
    await other.ready();
    const port = other.targets.get('catalog')?.describe().listen ?? 0;
    expect((await send(port, { headers: { host: 'shop.example.com' } })).status).toBe(200);
    expect((await send(port, { headers: { host: 'evil.example' } })).status).toBe(403);
    await other.close();
  });

  it('answers unknown routes with 404 NOT_FOUND', async () => {
    const res = await app.inject({ url: '/api/faults' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({
      error: { code: 'NOT_FOUND' },
      meta: { requestId: expect.any(String) },
    });
  });

  it('logs every change as a JSON line with target, fault and reason', async () => {
    await put('catalog', { type: 'down' });
    await put('catalog', { type: 'latency', options: { ms: 5 } });
    await app.inject({ method: 'DELETE', url: '/faults/catalog' });
    await put('remote-catalog', { type: 'hang' });
    await app.inject({ method: 'DELETE', url: '/faults' });
    const changes = logLines.filter((line) => line.msg === 'fault changed');
    expect(
      changes.map((line) => [
        line.target,
        line.reason,
        (line.fault as { type?: string } | null)?.type ?? null,
      ]),
    ).toEqual([
      ['catalog', 'injected', 'down'],
      ['catalog', 'replaced', 'latency'],
      ['catalog', 'cleared', null],
      ['remote-catalog', 'injected', 'hang'],
      ['remote-catalog', 'cleared', null],
    ]);
  });

  it('stops the target proxies when the app closes', async () => {
    const port = portOf('catalog');
    expect((await send(port)).status).toBe(200);
    await app.close();
    expect(await failureOf(send(port))).toBe('ECONNREFUSED');
  });
});
