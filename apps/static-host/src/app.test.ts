import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from './app.js';
import { IMMUTABLE, NO_CACHE } from './plugins/cache-headers.js';
import { createTempRoot, SITE_FILES, type TempRoot } from './test-support/temp-root.js';

const HTML = 'text/html,application/xhtml+xml,*/*;q=0.8';
/** `meta.traceId` of an error envelope: the request's W3C trace id. */
const TRACE_ID = expect.stringMatching(/^[0-9a-f]{32}$/);

describe('static host', () => {
  let root: TempRoot;
  let spa: FastifyInstance;
  let plain: FastifyInstance;

  beforeAll(async () => {
    root = createTempRoot(SITE_FILES);
    spa = build({ root: root.dir, name: 'shell', cors: false, spa: true, logger: false });
    plain = build({ root: root.dir, name: 'catalog', cors: true, spa: false, logger: false });
    await Promise.all([spa.ready(), plain.ready()]);
  });

  afterAll(async () => {
    await Promise.all([spa.close(), plain.close()]);
    root.remove();
  });

  it('serves hashed files as immutable', async () => {
    for (const url of ['/41.0123abcd.js', '/styles.89abcdef01.css']) {
      const res = await spa.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe(IMMUTABLE);
    }
    // Extracted CSS (nosniff is on: a wrong type would make the browser refuse the stylesheet).
    const css = await spa.inject({ url: '/styles.89abcdef01.css' });
    expect(css.headers['content-type']).toMatch(/^text\/css\b/);
  });

  it('serves files with stable names as no-cache', async () => {
    for (const url of [
      '/',
      '/index.html',
      '/main.js',
      '/remoteEntry.js',
      '/mf-manifest.json',
      '/mf-stats.json',
    ]) {
      const res = await plain.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe(NO_CACHE);
    }
  });

  it('sends validators so no-cache revalidation is cheap', async () => {
    const first = await plain.inject({ url: '/main.js' });
    const etag = first.headers.etag;
    expect(typeof etag).toBe('string');
    const second = await plain.inject({ url: '/main.js', headers: { 'if-none-match': String(etag) } });
    expect(second.statusCode).toBe(304);
  });

  it('answers /health with its name', async () => {
    const res = await spa.inject({ url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', service: 'shell', name: 'shell' });
  });

  describe('CORS', () => {
    it('adds Access-Control-Allow-Origin to every response, 404s included', async () => {
      for (const url of ['/mf-manifest.json', '/remoteEntry.js', '/missing.js', '/health']) {
        const res = await plain.inject({ url, headers: { origin: 'http://localhost:3000' } });
        expect(res.headers['access-control-allow-origin'], url).toBe('*');
      }
    });

    it('answers preflight requests', async () => {
      const res = await plain.inject({
        method: 'OPTIONS',
        url: '/mf-manifest.json',
        headers: {
          origin: 'http://localhost:3000',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'x-request-id',
        },
      });
      expect(res.statusCode).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-methods']).toContain('GET');
      expect(res.headers['access-control-allow-headers']).toBe('x-request-id');
    });

    it('is off unless asked for', async () => {
      const res = await spa.inject({ url: '/main.js' });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('SPA fallback', () => {
    it('answers unknown page URLs with index.html (no-cache)', async () => {
      for (const url of ['/products/p-1', '/cart', '/account?tab=orders', '/deep/nested/route/']) {
        const res = await spa.inject({ url, headers: { accept: HTML } });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type'], url).toContain('text/html');
        expect(res.headers['cache-control'], url).toBe(NO_CACHE);
        expect(res.body).toContain('<div id="root">');
      }
    });

    it('answers unknown assets with a JSON 404', async () => {
      for (const url of ['/missing.0123abcd.js', '/favicon.ico']) {
        const res = await spa.inject({ url, headers: { accept: HTML } });
        expect(res.statusCode, url).toBe(404);
        expect(res.headers['cache-control'], url).toBe(NO_CACHE);
        expect(res.json()).toEqual({
          error: { code: 'NOT_FOUND', message: `Route GET ${url} not found` },
          meta: { requestId: res.headers['x-request-id'], traceId: TRACE_ID },
        });
      }
      const script = await spa.inject({ url: '/products/p-1', headers: { accept: '*/*' } });
      expect(script.statusCode).toBe(404);
    });

    it('never answers /api with index.html', async () => {
      const res = await spa.inject({ url: '/api/catalog/products', headers: { accept: HTML } });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    });

    it('is off unless asked for', async () => {
      const res = await plain.inject({ url: '/products/p-1', headers: { accept: HTML } });
      expect(res.statusCode).toBe(404);
    });
  });
});
