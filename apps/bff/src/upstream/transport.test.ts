import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchTransport, type Transport, undiciTransport } from './transport.js';

// A real upstream on a free port: JSON, a redirect, and a request that never answers.
const server = http.createServer((req, res) => {
  if (req.url === '/json') {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ method: req.method, echo: body, id: req.headers['x-request-id'] }));
    });
  } else if (req.url === '/moved') {
    res.writeHead(302, { location: '/json' });
    res.end();
  }
  // anything else hangs
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe.each<[string, Transport]>([
  ['undici request', undiciTransport],
  ['fetch adapter', fetchTransport(fetch)],
])('%s transport', (_name, transport) => {
  it('sends method, headers and body; returns status, content type and the whole body', async () => {
    const res = await transport(`${base}/json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'r-1' },
      body: '{"a":1}',
      signal: AbortSignal.timeout(5000),
    });
    expect(res.status).toBe(201);
    expect(res.contentType).toBe('application/json; charset=utf-8');
    expect(JSON.parse(res.body.toString('utf8'))).toEqual({ method: 'POST', echo: '{"a":1}', id: 'r-1' });
  });

  it('rejects when the signal aborts a call that never answers', async () => {
    const controller = new AbortController();
    const call = transport(`${base}/hang`, { method: 'GET', headers: {}, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('timeout')), 50);
    await expect(call).rejects.toBeDefined();
  });
});

describe('undici transport', () => {
  it('does not follow redirects: the 3xx comes back as it is', async () => {
    const res = await undiciTransport(`${base}/moved`, {
      method: 'GET',
      headers: {},
      signal: AbortSignal.timeout(5000),
    });
    expect(res.status).toBe(302);
  });
});
