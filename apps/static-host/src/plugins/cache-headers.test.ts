import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../app.js';
import { createTempRoot, type TempRoot } from '../test-support/temp-root.js';
import { cacheControlFor, IMMUTABLE, isHashedAsset, NO_CACHE } from './cache-headers.js';

describe('cache rules', () => {
  it('treats name.[hash].js|css as hashed', () => {
    expect(isHashedAsset('/dist/41.0123abcd.js')).toBe(true);
    expect(isHashedAsset('vendors-react.deadbeefcafe.css')).toBe(true);
    expect(cacheControlFor('/x/41.0123abcd.js')).toBe(IMMUTABLE);
  });

  it('gives a precompressed copy the rule of the file it stands for', () => {
    expect(cacheControlFor('/x/41.0123abcd.js.br')).toBe(IMMUTABLE);
    expect(cacheControlFor('/x/41.0123abcd.js.gz')).toBe(IMMUTABLE);
    expect(cacheControlFor('/x/main.js.br')).toBe(NO_CACHE);
    expect(cacheControlFor('/x/remoteEntry.js.gz')).toBe(NO_CACHE);
  });

  it('treats stable names as no-cache', () => {
    for (const name of [
      'index.html',
      'main.js',
      'remoteEntry.js',
      'mf-manifest.json',
      'mf-stats.json',
      'registry.json',
    ]) {
      expect(cacheControlFor(`/dist/${name}`)).toBe(NO_CACHE);
    }
    // Too short or not hex: not a content hash.
    expect(isHashedAsset('a.0123abc.js')).toBe(false);
    expect(isHashedAsset('a.0123abcz.js')).toBe(false);
  });
});

describe('published releases', () => {
  let root: TempRoot;
  beforeAll(() => {
    root = createTempRoot({
      '0.1.0-0123456789/release.json': '{}',
      '0.1.0-0123456789/remoteEntry.js': 'var catalog;',
      '0.1.0-0123456789/mf-manifest.json': '{}',
      // Not published: no release.json (or not a release id).
      '0.2.0-abcdefabcd/remoteEntry.js': 'var catalog;',
      'latest/release.json': '{}',
      'latest/remoteEntry.js': 'var catalog;',
      'remoteEntry.js': 'var catalog;',
    });
  });
  afterAll(() => root.remove());

  it('makes every file of a published release immutable, stable names included', () => {
    for (const name of ['remoteEntry.js', 'mf-manifest.json', 'remoteEntry.js.br']) {
      expect(cacheControlFor(join(root.dir, '0.1.0-0123456789', name), root.dir)).toBe(IMMUTABLE);
    }
  });

  it('keeps stable names no-cache outside a published release', () => {
    expect(cacheControlFor(join(root.dir, '0.2.0-abcdefabcd/remoteEntry.js'), root.dir)).toBe(NO_CACHE);
    expect(cacheControlFor(join(root.dir, 'latest/remoteEntry.js'), root.dir)).toBe(NO_CACHE);
    expect(cacheControlFor(join(root.dir, 'remoteEntry.js'), root.dir)).toBe(NO_CACHE);
    expect(cacheControlFor(join(root.dir, '0.1.0-0123456789/remoteEntry.js'))).toBe(NO_CACHE);
  });

  it('answers a remote host’s release files immutable over HTTP, the registry no-cache', async () => {
    const app = build({ root: root.dir, name: 'catalog', cors: true, spa: false, logger: false });
    try {
      const entry = await app.inject({ url: '/0.1.0-0123456789/remoteEntry.js' });
      expect(entry.statusCode).toBe(200);
      expect(entry.headers['cache-control']).toBe(IMMUTABLE);
      const manifest = await app.inject({ url: '/0.1.0-0123456789/mf-manifest.json' });
      expect(manifest.headers['cache-control']).toBe(IMMUTABLE);
      const unversioned = await app.inject({ url: '/remoteEntry.js' });
      expect(unversioned.headers['cache-control']).toBe(NO_CACHE);
    } finally {
      await app.close();
    }
  });
});
