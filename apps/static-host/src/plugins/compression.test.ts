import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../app.js';
import { createTempRoot, SITE_FILES, type TempRoot } from '../test-support/temp-root.js';
import { IMMUTABLE } from './cache-headers.js';

// Big enough to pass the 1 KiB threshold.
const SCRIPT = `console.log(${JSON.stringify('storefront '.repeat(400))});`;
const MANIFEST = JSON.stringify({
  id: 'catalog',
  exposes: Array.from({ length: 90 }, (_, i) => `./Module${i}`),
});

describe('compression', () => {
  let root: TempRoot;
  let app: FastifyInstance;

  beforeAll(async () => {
    root = createTempRoot({
      ...SITE_FILES,
      'big.js': SCRIPT,
      'big.0123abcd.js': SCRIPT,
      'mf-manifest.json': MANIFEST,
      'index.html': `<!doctype html><title>x</title>${'<p>storefront</p>'.repeat(200)}`,
      'pre.0123abcd.js': SCRIPT,
    });
    // Copies as the build writes them; their content differs from the file's so the test sees which was sent.
    writeFileSync(join(root.dir, 'pre.0123abcd.js.br'), brotliCompressSync('/* from the .br copy */'));
    writeFileSync(join(root.dir, 'pre.0123abcd.js.gz'), gzipSync('/* from the .gz copy */'));
    app = build({ root: root.dir, name: 'catalog', cors: true, spa: true, logger: false });
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    root.remove();
  });

  it('answers brotli when accepted, and says it varies on Accept-Encoding', async () => {
    const res = await app.inject({ url: '/big.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(SCRIPT);
    expect(res.rawPayload.length).toBeLessThan(SCRIPT.length / 4);
  });

  it('answers gzip to a client without brotli, for JS, JSON and HTML', async () => {
    for (const [url, accept] of [
      ['/big.0123abcd.js', '*/*'],
      ['/mf-manifest.json', '*/*'],
      ['/some/page', 'text/html'],
    ] as const) {
      const res = await app.inject({ url, headers: { accept, 'accept-encoding': 'gzip' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-encoding'], url).toBe('gzip');
      expect(gunzipSync(res.rawPayload).length, url).toBeGreaterThan(1024);
    }
  });

  it('sends identity to a client that accepts no encoding', async () => {
    const plain = await app.inject({ url: '/big.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
  });

  it('leaves small JSON answers as they are (under 1 KiB)', async () => {
    const small = await app.inject({ url: '/health', headers: { 'accept-encoding': 'br' } });
    expect(small.statusCode).toBe(200);
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it("serves the build's precompressed copies as they are, with the original's type and cache rule", async () => {
    const br = await app.inject({ url: '/pre.0123abcd.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe(IMMUTABLE);
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    // The copy's bytes, not a compression made now (the marker exists only in the copy).
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe('/* from the .br copy */');
    const gz = await app.inject({ url: '/pre.0123abcd.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe('/* from the .gz copy */');
    const plain = await app.inject({ url: '/pre.0123abcd.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
    expect(String(plain.headers.vary)).toMatch(/accept-encoding/i);
  });

  it('keeps revalidation cheap: a 304 has no body to compress', async () => {
    const first = await app.inject({ url: '/big.js', headers: { 'accept-encoding': 'br' } });
    const again = await app.inject({
      url: '/big.js',
      headers: { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect(again.headers['content-encoding']).toBeUndefined();
  });
});
