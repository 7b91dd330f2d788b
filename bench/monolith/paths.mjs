// Where the monolith build lives, for its webpack config, `npm run bench` and the federation section's tests.
import path from 'node:path';

/** The repository's root. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** The output of `npm run build:monolith -w bench` (git-ignored, as every `dist/`). */
export const MONOLITH_DIST = path.join(import.meta.dirname, 'dist');

/** webpack's stats of the monolith build, beside its dist (git-ignored): what each of its files is made of. */
export const MONOLITH_STATS = path.join(import.meta.dirname, 'build-stats.json');
