import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureLoad } from './load.mjs';

/** A real HTTP server: 200 for /ok…, 404 otherwise; it records the paths it was asked for. */
const seen = new Set();
const server = http.createServer((req, res) => {
  seen.add(req.url);
  res.writeHead(req.url?.startsWith('/ok') ? 200 : 404, { 'content-type': 'text/plain' });
  res.end('x');
});
let base = '';

beforeAll(async () => {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${addr.port}`;
});
afterAll(() => new Promise((resolve) => server.close(() => resolve(undefined))));

describe('measureLoad', () => {
  it('counts every response by status and keeps exact percentiles', async () => {
    const result = await measureLoad({ url: `${base}/missing`, connections: 2, durationS: 1 });
    expect(result.requests).toBeGreaterThan(10);
    expect(result.statuses).toEqual({ 404: result.requests });
    expect(result.errors).toBe(0);
    expect(result.p50Ms).not.toBeNull();
    expect(result.p99Ms).toBeGreaterThanOrEqual(/** @type {number} */ (result.p50Ms));
    expect(result.maxMs).toBeGreaterThanOrEqual(/** @type {number} */ (result.p99Ms));
  });

  it('asks for a new path on every request when given nextPath', async () => {
    seen.clear();
    let n = 0;
    const result = await measureLoad({
      url: `${base}/ok`,
      connections: 2,
      durationS: 1,
      nextPath: () => `/ok?n=${++n}`,
    });
    expect(result.statuses).toEqual({ 200: result.requests });
    expect(seen.size).toBeGreaterThanOrEqual(result.requests);
  });
});
