// Where the monolith build lives, for its webpack config, `npm run bench` and the federation section's tests.
import path from 'node:path';

/** The repository's root. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** The output of `npm run build:monolith -w bench` (git-ignored, as every `dist/`). */
export const MONOLITH_DIST = path.join(import.meta.dirname, 'dist');
