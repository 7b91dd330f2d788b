import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyReply, RawServerBase, RouteGenericInterface } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import { createApp } from './create-app.js';
import { notFoundError, sendError } from './error-handler.js';
import { json } from './testing/index.js';

/** `meta.traceId` of an error envelope: the request's W3C trace id. */
const TRACE_ID = expect.stringMatching(/^[0-9a-f]{32}$/);

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function demoApp(opts: Parameters<typeof createApp>[0] = { name: 'demo' }): FastifyInstance {
  const instance = createApp({ ...opts, server: { bodyLimit: 1024, ...opts.server } });
  instance.get('/boom', async () => {
    throw new Error('secret detail');
  });
  instance.get('/teapot', async () => {
    throw new ApiError(418, 'TEAPOT', 'I am a teapot', {
      details: { field: 'x', code: 'OVERRIDE' },
      headers: { 'retry-after': '3' },
    });
  });
  instance.get<{ Querystring: { sort?: string; page?: number } }>(
    '/items',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            sort: { type: 'string', enum: ['asc', 'desc'] },
            page: { type: 'integer', minimum: 1, maximum: 9 },
          },
        },
      },
    },
    async (request) => ({ query: request.query }),
  );
  instance.get(
    '/items/:id',
    {
      schema: {
        params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } } },
      },
    },
    async () => ({ ok: true }),
  );
  instance.post(
    '/lines',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['lines'],
          properties: {
            lines: {
              type: 'array',
              items: {
                type: 'object',
                properties: { quantity: { type: 'integer', minimum: 1 } },
              },
            },
          },
        },
      },
    },
    async () => ({ ok: true }),
  );
  return instance;
}

describe('createApp: the one error envelope', () => {
  it('answers a coded error with its status, details (never overriding code) and headers', async () => {
    app = demoApp();
    const response = await app.inject({ url: '/teapot', headers: { 'x-request-id': 'abc-1' } });
    expect(response.statusCode).toBe(418);
    expect(response.headers['retry-after']).toBe('3');
    expect(response.headers['x-request-id']).toBe('abc-1');
    expect(json(response)).toEqual({
      error: { code: 'TEAPOT', message: 'I am a teapot', field: 'x' },
      meta: { requestId: 'abc-1', traceId: TRACE_ID },
    });
  });

  it('hides a bug behind INTERNAL_ERROR', async () => {
    app = demoApp();
    const response = await app.inject({ url: '/boom' });
    expect(response.statusCode).toBe(500);
    const body = json<{ error: { code: string; message: string }; meta: { requestId: string } }>(response);
    expect(body.error).toEqual({ code: 'INTERNAL_ERROR', message: 'Internal server error' });
    expect(body.meta.requestId).toBe(response.headers['x-request-id']);
  });

  it('names the query parameter and what it accepts', async () => {
    app = demoApp();
    const bad = json(await app.inject({ url: '/items?sort=up' }));
    expect(bad).toMatchObject({
      error: {
        code: 'INVALID_REQUEST',
        message: 'Invalid value for query parameter "sort": expected one of asc, desc.',
        param: 'sort',
      },
    });
    const unknown = json(await app.inject({ url: '/items?color=red' }));
    expect(unknown).toMatchObject({
      error: { code: 'INVALID_REQUEST', message: 'Unknown query parameter "color". Allowed: sort, page.' },
    });
  });

  it('names the body field, with array indexes, and never echoes values', async () => {
    app = demoApp();
    const response = await app.inject({
      method: 'POST',
      url: '/lines',
      payload: { lines: [{ quantity: 0 }] },
    });
    expect(response.statusCode).toBe(400);
    expect(json(response)).toMatchObject({
      error: { code: 'INVALID_REQUEST', field: 'lines[0].quantity' },
    });
    const missing = json(await app.inject({ method: 'POST', url: '/lines', payload: {} }));
    expect(missing).toMatchObject({ error: { code: 'INVALID_REQUEST', message: 'Missing field "lines".' } });
  });

  it('answers every schema failure with the one code, path parameters and bad JSON included', async () => {
    app = demoApp();
    const params = json(await app.inject({ url: '/items/0' }));
    expect(params).toMatchObject({ error: { code: 'INVALID_REQUEST', param: 'id' } });
    const body = json(
      await app.inject({
        method: 'POST',
        url: '/lines',
        payload: '{"lines":',
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(body).toMatchObject({
      error: { code: 'INVALID_REQUEST', message: 'The body is not valid JSON.', field: 'body' },
    });
    for (const payload of ['{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}']) {
      const polluted = await app.inject({
        method: 'POST',
        url: '/lines',
        payload,
        headers: { 'content-type': 'application/json' },
      });
      expect(polluted.statusCode).toBe(400);
      expect(json(polluted)).toMatchObject({
        // Fastify's parser refuses pollution keys as invalid JSON (it keeps no reason to tell apart).
        error: { code: 'INVALID_REQUEST', message: 'The body is not valid JSON.', field: 'body' },
      });
    }
    expect(({} as { admin?: boolean }).admin).toBeUndefined();
  });

  it.each([
    ['an unknown route', { url: '/nope?x=1' }, 404, 'NOT_FOUND', 'Route GET /nope not found'],
    ['a malformed URL', { url: '/items/%zz' }, 400, 'INVALID_URL', 'The URL has malformed percent-encoding.'],
    [
      // The message never quotes the URL back (issue 12: 10,000 characters of it were echoed).
      'an over-long path parameter',
      { url: `/items/${'9'.repeat(10_000)}` },
      414,
      'URL_TOO_LONG',
      'A part of the URL is too long.',
    ],
    [
      'a body too large',
      { method: 'POST' as const, url: '/lines', payload: { lines: Array(300).fill({ quantity: 1 }) } },
      413,
      'PAYLOAD_TOO_LARGE',
      'The body is too large.',
    ],
    [
      'a body of another type',
      { method: 'POST' as const, url: '/lines', payload: 'x', headers: { 'content-type': 'text/csv' } },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the body as application/json.',
    ],
  ])('answers %s with the envelope', async (_what, req, status, code, message) => {
    app = demoApp();
    const response = await app.inject(req);
    expect(response.statusCode).toBe(status);
    const body = json<{ error: { code: string; message: string }; meta: { requestId: string } }>(response);
    expect(body.error.code).toBe(code);
    if (message) expect(body.error.message).toBe(message);
    expect(body.meta.requestId).toEqual(expect.any(String));
  });

  it('leaves the 404 to a process that sets its own not-found handler in a child context', async () => {
    app = createApp({ name: 'demo', errors: { notFound: false } });
    app.register(async (files) => {
      files.setNotFoundHandler((request, reply) =>
        sendError(request, reply.header('cache-control', 'no-cache'), notFoundError(request)),
      );
    });
    const response = await app.inject({ url: '/missing.js?v=1', headers: { 'x-request-id': 'nf-1' } });
    expect(response.statusCode).toBe(404);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(json(response)).toEqual({
      error: { code: 'NOT_FOUND', message: 'Route GET /missing.js not found' },
      meta: { requestId: 'nf-1', traceId: TRACE_ID },
    });
  });

  it('sends the envelope through a reply typed for any server, as proxy plugins hand them out', async () => {
    app = createApp({ name: 'demo' });
    const onProxyError = (reply: FastifyReply<RouteGenericInterface, RawServerBase>) => {
      sendError(reply.request, reply.header('cache-control', 'no-store'), new ApiError(502, 'DOWN', 'Down'));
    };
    app.get('/proxied', async (_request, reply) => onProxyError(reply));
    const response = await app.inject({ url: '/proxied', headers: { 'x-request-id': 'px-1' } });
    expect(response.statusCode).toBe(502);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(json(response)).toEqual({
      error: { code: 'DOWN', message: 'Down' },
      meta: { requestId: 'px-1', traceId: TRACE_ID },
    });
  });

  it('answers oversized headers (rejected by the HTTP parser) with the envelope and 431', async () => {
    app = demoApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({ port, path: '/items', headers: { 'x-big': 'a'.repeat(20_000) } }, (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(431);
    expect(JSON.parse(body)).toMatchObject({
      error: { code: 'HEADERS_TOO_LARGE' },
      meta: { requestId: expect.any(String) },
    });
  });
});

describe('createApp: request ids', () => {
  it('keeps a sane caller id and replaces one that is too long or odd', async () => {
    app = demoApp();
    const kept = await app.inject({ url: '/items', headers: { 'x-request-id': 'bff-42.a:b' } });
    expect(kept.headers['x-request-id']).toBe('bff-42.a:b');
    const replaced = await app.inject({ url: '/items', headers: { 'x-request-id': 'x'.repeat(500) } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('createApp: health', () => {
  it('answers ok while every check passes and 503 with the check code when one fails', async () => {
    let up = true;
    app = createApp({
      name: 'demo',
      health: {
        service: 'demo',
        checks: [
          {
            name: 'database',
            code: 'DB_UNAVAILABLE',
            run: () => {
              if (!up) throw new Error('gone');
            },
          },
        ],
      },
    });
    const ok = await app.inject({ url: '/health' });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['cache-control']).toBe('no-store');
    expect(json(ok)).toEqual({ status: 'ok', service: 'demo' });
    up = false;
    const down = await app.inject({ url: '/health' });
    expect(down.statusCode).toBe(503);
    expect(json(down)).toMatchObject({
      error: { code: 'DB_UNAVAILABLE', message: 'demo database is unavailable' },
    });
  });
});
