import { basename } from 'node:path';

/** Long-lived caching for files whose name changes with their content. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Revalidate on every use (ETag / Last-Modified still make this cheap). */
export const NO_CACHE = 'no-cache';

// `name.[hash].js|css` with a hex content hash of at least 8 characters.
const HASHED_ASSET = /\.[0-9a-f]{8,}\.(?:js|css)$/i;

// The build's brotli/gzip copy of a file (`main.js.br`): served in its place, with its rules.
const PRECOMPRESSED = /\.(?:br|gz)$/i;

/** True when the file name carries a content hash, so its content can never change. */
export function isHashedAsset(filePath: string): boolean {
  return HASHED_ASSET.test(basename(filePath).replace(PRECOMPRESSED, ''));
}

/**
 * Cache-Control for a static file: hashed assets are immutable; everything else (index.html, main.js,
 * remoteEntry.js, mf-manifest.json, ...) has a stable name and must be revalidated.
 */
export function cacheControlFor(filePath: string): string {
  return isHashedAsset(filePath) ? IMMUTABLE : NO_CACHE;
}
