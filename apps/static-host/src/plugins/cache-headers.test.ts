import { describe, expect, it } from 'vitest';
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
