import { existsSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';

/** Long-lived caching for files whose name changes with their content. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Revalidate on every use (ETag / Last-Modified still make this cheap). */
export const NO_CACHE = 'no-cache';

// `name.[hash].js|css` with a hex content hash of at least 8 characters.
const HASHED_ASSET = /\.[0-9a-f]{8,}\.(?:js|css)$/i;

// The build's brotli/gzip copy of a file (`main.js.br`): served in its place, with its rules.
const PRECOMPRESSED = /\.(?:br|gz)$/i;

// A published release's folder (scripts/lib/releases.mjs): `<version>-<10 hex of the build's hash>`.
const RELEASE_ID = /^[0-9A-Za-z][0-9A-Za-z.+-]*-[0-9a-f]{10}$/;

/** True when the file name carries a content hash, so its content can never change. */
export function isHashedAsset(filePath: string): boolean {
  return HASHED_ASSET.test(basename(filePath).replace(PRECOMPRESSED, ''));
}

/**
 * True when `filePath` lies in a published release under `root` (`<root>/<release-id>/…`, the folder holding a
 * `release.json`): releases are never rewritten (a new build is a new id), so even their stable names —
 * remoteEntry.js, mf-manifest.json — can never change at that URL. A release folder appears whole (copied aside,
 * then renamed into place).
 */
export function isInRelease(root: string, filePath: string): boolean {
  const parts = relative(root, filePath).split(sep);
  const id = parts[0] ?? '';
  return parts.length > 1 && RELEASE_ID.test(id) && existsSync(join(root, id, 'release.json'));
}

/**
 * Cache-Control for a static file: hashed assets and every file of a published release (when `root` is given)
 * are immutable; everything else (index.html, main.js, an unversioned remoteEntry.js, ...) has a stable name and
 * must be revalidated.
 */
export function cacheControlFor(filePath: string, root?: string): string {
  if (isHashedAsset(filePath)) return IMMUTABLE;
  return root !== undefined && isInRelease(root, filePath) ? IMMUTABLE : NO_CACHE;
}
