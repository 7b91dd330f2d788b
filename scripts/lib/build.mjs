// Builds the deployables whose sources are newer than their last build.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { precompressDir } from './precompress.mjs';
import { newestMtime, ROOT, runQuietly, secs } from './run.mjs';

/** @typedef {{ name: string, dir: string, inputs: string[] }} Buildable */

// Servers bundle packages/service-kit and packages/contract (the kit imports it for trace context; the BFF its
// routes, the services their domain events) at build time: a change there rebuilds them.
const SERVER_INPUTS = [
  'src',
  'package.json',
  'tsconfig.json',
  '../../packages/service-kit',
  '../../packages/contract',
];
const UI_INPUTS = ['src', 'public', 'package.json', 'webpack.config.mjs'];

/** Every workspace with a build; servers first (they build fast and in parallel with the first UI build). */
export const BUILDABLES = [
  ...[
    'static-host',
    'fault-proxy',
    'trace-store',
    'catalog-service',
    'cart-service',
    'account-service',
    'bff',
  ].map((name) => ({ name, dir: `apps/${name}`, inputs: SERVER_INPUTS })),
  // Remotes bundle packages/remote-kit at build time, and every UI the router contract (packages/router): a
  // change there rebuilds them.
  ...['catalog', 'cart', 'account'].map((name) => ({
    name,
    dir: `remotes/${name}`,
    inputs: [...UI_INPUTS, '../../packages/remote-kit', '../../packages/contract', '../../packages/router'],
  })),
  { name: 'shell', dir: 'shell', inputs: [...UI_INPUTS, '../packages/contract', '../packages/router'] },
];

const STAMP = '.build-stamp';

/** webpack's stats of a web build, beside its dist folder (git-ignored). */
export const STATS_FILE = 'build-stats.json';

/**
 * True when the workspace has no build yet or a source file is newer than its last build.
 * @param {Buildable} b
 * @returns {boolean}
 */
export function isStale(b) {
  const stamp = path.join(ROOT, b.dir, 'dist', STAMP);
  if (!existsSync(stamp)) return true;
  // A web build from before its stats were kept is rebuilt once, for them.
  if (!b.dir.startsWith('apps/') && !existsSync(path.join(ROOT, b.dir, STATS_FILE))) return true;
  const inputs = b.inputs.map((i) => path.join(ROOT, b.dir, i));
  return newestMtime(inputs) > statSync(stamp).mtimeMs;
}

/**
 * Builds one workspace with its own `build` script and stamps the result; web builds also get their brotli/gzip
 * copies (precompress.mjs). The compiler stays quiet unless the
 * build fails; then what it said (webpack on stdout, tsc and esbuild on either) is printed before the error.
 * @param {Buildable} b
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Promise<number>} build time in ms
 */
export async function buildOne(b, env = process.env) {
  const started = Date.now();
  // Web builds also leave webpack's stats beside dist (not in it: never served, never in a release), for bench's
  // bytes-by-kind figures and a look at what each bundle holds.
  const stats = b.dir.startsWith('apps/') ? [] : ['--', `--json=${path.join(ROOT, b.dir, STATS_FILE)}`];
  const code = await runQuietly('npm', ['run', 'build', '--silent', '-w', b.dir, ...stats], { env });
  if (code !== 0) throw new Error(`build of ${b.dir} failed (exit ${code}); run: npm run build -w ${b.dir}`);
  // Web builds ship brotli and gzip copies of their text files (static-host serves them as they are).
  if (!b.dir.startsWith('apps/')) await precompressDir(path.join(ROOT, b.dir, 'dist'));
  writeFileSync(path.join(ROOT, b.dir, 'dist', STAMP), new Date().toISOString());
  return Date.now() - started;
}

/**
 * Builds what is stale (or everything with `all`), two at a time: the machine has two cores.
 * @param {{ all?: boolean }} [opts]
 * @returns {Promise<void>}
 */
export async function ensureBuilt(opts = {}) {
  const todo = BUILDABLES.filter((b) => opts.all || isStale(b));
  if (todo.length === 0) return;
  console.log(`» building ${todo.map((b) => b.name).join(', ')}`);
  const started = Date.now();
  const queue = [...todo];
  const worker = async () => {
    for (let b = queue.shift(); b; b = queue.shift()) {
      const ms = await buildOne(b);
      console.log(`  ✓ ${b.name} (${secs(ms)})`);
    }
  };
  await Promise.all([worker(), worker()]);
  console.log(`» built in ${secs(Date.now() - started)}`);
}
