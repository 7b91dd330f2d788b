import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../app.js';
import { createTempRoot, SITE_FILES, type TempRoot } from '../test-support/temp-root.js';
import { remoteOrigins } from './registry-origins.js';

const HTML = 'text/html,application/xhtml+xml,*/*;q=0.8';

function registry(...entries: string[]): string {
  const remotes = Object.fromEntries(entries.map((entry, i) => [`r${i}`, { entry, release: 'local' }]));
  return JSON.stringify({ schemaVersion: 1, remotes });
}

/** The CSP's directives as a map from name to sources. */
function csp(header: unknown): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of String(header).split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name, sources);
  }
  return map;
}

describe('remoteOrigins', () => {
  it('keeps the distinct http(s) origins of the entries and skips anything else', () => {
    const doc = JSON.parse(
      registry(
        'http://localhost:5101/0.1.0-abc/mf-manifest.json',
        'http://localhost:5101/other/mf-manifest.json',
        'https://cdn.example/cart/mf-manifest.json',
        'javascript:alert(1)',
        '/relative/mf-manifest.json',
      ),
    );
    expect(remoteOrigins(doc)).toEqual(['http://localhost:5101', 'https://cdn.example']);
    expect(remoteOrigins(null)).toEqual([]);
    expect(remoteOrigins({ remotes: { a: null, b: { entry: 3 } } })).toEqual([]);
  });
});

describe('security headers', () => {
  let root: TempRoot;
  let data: TempRoot;
  let file: string;
  let shell: FastifyInstance;
  let remote: FastifyInstance;

  beforeAll(async () => {
    root = createTempRoot(SITE_FILES);
    data = createTempRoot({});
    file = join(data.dir, 'registry.json');
    writeFileSync(
      file,
      registry('http://localhost:5101/mf-manifest.json', 'http://localhost:5102/x/mf-manifest.json'),
    );
    shell = build({
      root: root.dir,
      name: 'shell',
      cors: false,
      spa: true,
      registryFile: file,
      logger: false,
    });
    remote = build({ root: root.dir, name: 'catalog', cors: true, spa: false, logger: false });
    await Promise.all([shell.ready(), remote.ready()]);
  });

  afterAll(async () => {
    await Promise.all([shell.close(), remote.close()]);
    root.remove();
    data.remove();
  });

  it("the shell's page allows scripts only from itself and the registry's remote origins", async () => {
    const res = await shell.inject({ url: '/products/lamp', headers: { accept: HTML } });
    expect(res.statusCode).toBe(200);
    const policy = csp(res.headers['content-security-policy']);
    const remotes = ['http://localhost:5101', 'http://localhost:5102'];
    expect(policy.get('script-src')).toEqual(["'self'", ...remotes]);
    expect(policy.get('connect-src')).toEqual(["'self'", ...remotes]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
    expect(policy.get('script-src')).not.toContain("'unsafe-eval'");
    // CSS is extracted into files (no style-loader <style> elements): stylesheets from the same origins only.
    expect(policy.get('style-src')).toEqual(["'self'", ...remotes]);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('follows the registry when a deploy switches it (atomic rename), without a request to it', async () => {
    const next = `${file}.next`;
    writeFileSync(next, registry('http://127.0.0.1:6101/mf-manifest.json'));
    renameSync(next, file);
    // The folder watch reports the rename asynchronously: ask until it did (no timed assertion).
    let sources: string[] | undefined;
    for (let i = 0; i < 200; i++) {
      const res = await shell.inject({ url: '/main.js' });
      sources = csp(res.headers['content-security-policy']).get('script-src');
      if (sources?.includes('http://127.0.0.1:6101')) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(sources).toEqual(["'self'", 'http://127.0.0.1:6101']);
    const res = await shell.inject({ url: '/main.js' });
    expect(csp(res.headers['content-security-policy']).get('style-src')).toEqual([
      "'self'",
      'http://127.0.0.1:6101',
    ]);
  });

  it('the registry route updates the origins it reads', async () => {
    writeFileSync(file, registry('http://localhost:7101/mf-manifest.json'));
    await shell.inject({ url: '/registry.json' });
    const res = await shell.inject({ url: '/' });
    expect(csp(res.headers['content-security-policy']).get('script-src')).toContain('http://localhost:7101');
  });

  it('a broken registry keeps the last good origins', async () => {
    writeFileSync(file, registry('http://localhost:7101/mf-manifest.json'));
    await shell.inject({ url: '/registry.json' });
    writeFileSync(file, '{ not json');
    await shell.inject({ url: '/registry.json' });
    const res = await shell.inject({ url: '/' });
    expect(csp(res.headers['content-security-policy']).get('script-src')).toContain('http://localhost:7101');
  });

  it('remote hosts let the shell load their files cross-origin, with the same protections', async () => {
    const res = await remote.inject({ url: '/remoteEntry.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(csp(res.headers['content-security-policy']).get('script-src')).toEqual(["'self'"]);
    // A remote's standalone page loads its own CSS files only.
    expect(csp(res.headers['content-security-policy']).get('style-src')).toEqual(["'self'"]);
  });

  it('error answers carry them too', async () => {
    const res = await remote.inject({ url: '/missing.js' });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});
