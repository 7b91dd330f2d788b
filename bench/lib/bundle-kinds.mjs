// What each emitted script of a build is made of, by kind, from the webpack stats its build leaves beside dist
// (scripts/lib/build.mjs, bench's build:monolith): used to split a page's downloaded bytes by kind.
import { readFileSync } from 'node:fs';

/** The kinds of bytes a page downloads, in report order. */
export const KINDS = Object.freeze([
  'mf-runtime',
  'framework',
  'router',
  'remote',
  'shell',
  'css',
  'unattributed',
]);

/** @typedef {'shell' | 'remote' | 'monolith'} BuildRole  whose code the build's own sources are */
/** @typedef {Record<string, number>} KindBytes  bytes per kind */

// Third-party code, by package folder. react-router's own dependencies (cookie, set-cookie-parser) count as router.
const FRAMEWORK = /node_modules\/(?:react|react-dom|scheduler)\//;
const ROUTER = /node_modules\/(?:react-router|cookie|set-cookie-parser)\/|packages\/router\//;
// The MF runtime (runtime-core, sdk, bundler runtime, error codes, plugins) and the glue webpack generates for it.
const MF_RUNTIME =
  /node_modules\/@module-federation\/|node_modules\/\.federation\/|^(?:container entry|provide shared module|consume shared module|remote )/;
const REMOTE_SOURCE = /(?:^|\/)remotes\/|packages\/remote-kit\//;

/**
 * The kind of one module of a build, from its stats name (e.g. `../node_modules/react/index.js`,
 * `webpack/runtime/jsonp chunk loading`, `./src/app.tsx`).
 * @param {string} name
 * @param {BuildRole} role the build's own sources and other libraries count as its code; in the monolith,
 *   what comes from a remote's folder (or the remote kit) is remote code and the rest shell code
 * @returns {string}
 */
export function classifyModule(name, role) {
  if (name.startsWith('webpack/runtime/') || MF_RUNTIME.test(name)) return 'mf-runtime';
  if (FRAMEWORK.test(name)) return 'framework';
  if (ROUTER.test(name)) return 'router';
  if (role === 'monolith') return REMOTE_SOURCE.test(name) ? 'remote' : 'shell';
  return role;
}

/**
 * @typedef {object} StatsModule
 * @property {string} [name]
 * @property {number} [size]
 * @property {string} [moduleType]
 * @property {Record<string, number>} [sizes]
 * @property {StatsModule[]} [modules]  the parts of a concatenated module
 */

/**
 * The JavaScript source bytes of a stats module by kind, the parts of a concatenated module one by one.
 * @param {StatsModule} m
 * @param {BuildRole} role
 * @param {KindBytes} into
 */
function addModule(m, role, into) {
  if (m.modules && m.modules.length > 0) {
    for (const part of m.modules) addModule(part, role, into);
    return;
  }
  const bytes = m.sizes ? (m.sizes.javascript ?? m.sizes.runtime ?? 0) : (m.size ?? 0);
  if (bytes <= 0) return;
  const kind = classifyModule(m.name ?? '', role);
  into[kind] = (into[kind] ?? 0) + bytes;
}

/** @typedef {{ chunks?: { files?: string[], modules?: StatsModule[] }[], children?: Stats[] }} Stats */

/**
 * Source bytes by kind of every emitted `.js` file of a build (pre-minification sizes: what the file is made of,
 * not yet what it weighs). A multi-compiler build (a remote: its container, then its standalone page, into one
 * folder) has its compilations in `children`; a file name is taken from the first compilation that emits it.
 * @param {Stats} stats webpack's `stats.toJson()`
 * @param {BuildRole} role
 * @returns {Map<string, KindBytes>}
 */
export function fileKinds(stats, role) {
  /** @type {Map<string, KindBytes>} */
  const files = new Map();
  for (const child of stats.children ?? []) {
    for (const [file, kinds] of fileKinds(child, role)) if (!files.has(file)) files.set(file, kinds);
  }
  for (const chunk of stats.chunks ?? []) {
    for (const file of (chunk.files ?? []).filter((f) => f.endsWith('.js'))) {
      const kinds = files.get(file) ?? {};
      for (const m of chunk.modules ?? []) addModule(m, role, kinds);
      files.set(file, kinds);
    }
  }
  return files;
}

/**
 * Splits a file's bytes (e.g. its gzip size) between kinds in proportion to its source bytes by kind.
 * @param {number} bytes
 * @param {KindBytes | undefined} kinds null/empty: every byte is unattributed
 * @returns {KindBytes}
 */
export function splitBytes(bytes, kinds) {
  const total = Object.values(kinds ?? {}).reduce((a, b) => a + b, 0);
  if (!kinds || total <= 0) return { unattributed: bytes };
  return Object.fromEntries(Object.entries(kinds).map(([kind, n]) => [kind, (bytes * n) / total]));
}

/**
 * Adds byte counts by kind.
 * @param {KindBytes[]} parts
 * @returns {KindBytes}
 */
export function sumKinds(parts) {
  /** @type {KindBytes} */
  const sum = {};
  for (const part of parts) for (const [kind, n] of Object.entries(part)) sum[kind] = (sum[kind] ?? 0) + n;
  return sum;
}

/**
 * Reads a build's stats file into its files' kinds.
 * @param {string} statsFile
 * @param {BuildRole} role
 * @returns {Map<string, KindBytes>}
 */
export function readFileKinds(statsFile, role) {
  return fileKinds(JSON.parse(readFileSync(statsFile, 'utf8')), role);
}
