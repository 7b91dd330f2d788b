// Checks that the installed better-sqlite3 addon survives being garbage-collected, and rebuilds it against
// Node 24.18's headers when it does not (run by `postinstall`; see docs/decisions/003).
//
// Why: from Node 24.19 the node::ObjectWrap of Node's headers (inline code, compiled into the addon) adds an
// environment cleanup hook per object and removes it in its destructor, through the isolate's current
// context. V8 collects objects in GCs that start from allocations in JavaScript, where no context is
// entered, so collecting a Database or Statement (closed or not) aborts the process:
// `Assertion failed: (env) != nullptr` in node::RemoveEnvironmentCleanupHook. Node 24.22 and 26.4 carry the
// runtime fix (nodejs/node#63985); 24.19 to 24.21 do not. better-sqlite3 12 builds from source against the
// running Node's headers whenever its prebuilt binary cannot be downloaded, as on these machines. The probe
// decides, not the version number: Node 20, 22 and 24.22+ pass it and keep the addon as npm built it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ensureNodeDist, resolveNodeVersion } from './node-dist.mjs';
import { ROOT, run } from './run.mjs';

/**
 * The official headers to rebuild against: the newest release of this Node's major before the ObjectWrap change.
 * Node keeps one ABI per major, so an addon built against them loads on every 24.x (prebuilt binaries are built
 * the same way).
 */
const SAFE_HEADERS_RANGE = { 24: '>=24.0.0 <24.19.0' };

// Opens and closes databases with statements, drops them, then allocates until V8 collects them.
const PROBE = `
const Database = require(process.argv[1]);
for (let i = 0; i < 64; i++) {
  const db = new Database(':memory:');
  db.prepare('SELECT ?').get(i);
  db.pragma('user_version');
  db.close();
}
let garbage = [];
for (let i = 0; i < 3e6; i++) garbage.push({ i });
garbage = [];
`;

/** @returns {string | null} the folder of the installed better-sqlite3, null when it is not installed */
export function addonDir() {
  try {
    const require = createRequire(path.join(ROOT, 'package.json'));
    return path.dirname(require.resolve('better-sqlite3/package.json'));
  } catch {
    return null;
  }
}

/**
 * Loads better-sqlite3 in a child Node, lets V8 collect closed databases and statements.
 * @param {string} dir
 * @returns {{ ok: true } | { ok: false, aborted: boolean, output: string }}
 */
export function probeAddon(dir) {
  const child = spawnSync(process.execPath, ['-e', PROBE, dir], { encoding: 'utf8', timeout: 60_000 });
  if (child.status === 0) return { ok: true };
  const output = `${child.stderr ?? ''}${child.error ? String(child.error) : ''}`.trim();
  const aborted = child.signal === 'SIGABRT' || output.includes('(env) != nullptr');
  return { ok: false, aborted, output };
}

/**
 * Rebuilds the addon from source against `nodeDir`'s headers (fetched from the npm registry, see node-dist.mjs).
 * @param {string} dir
 * @param {string} nodeDir
 * @returns {Promise<number>} exit code
 */
function rebuildAgainst(dir, nodeDir) {
  const env = { ...process.env, npm_config_nodedir: nodeDir, npm_config_build_from_source: 'true' };
  // npm gives its lifecycle scripts the path of its own node-gyp; by hand, npm rebuild runs the same build.
  const nodeGyp = process.env.npm_config_node_gyp;
  if (nodeGyp && existsSync(nodeGyp)) {
    return run(process.execPath, [nodeGyp, 'rebuild', '--release', `--nodedir=${nodeDir}`], {
      cwd: dir,
      env,
      quiet: true,
    });
  }
  return run('npm', ['rebuild', 'better-sqlite3', '--foreground-scripts'], { cwd: ROOT, env, quiet: true });
}

/**
 * Makes sure better-sqlite3 is safe to use on this Node; rebuilds it once when it is not.
 * @returns {Promise<void>} rejects when the addon does not load or is still unsafe after the rebuild
 */
export async function ensureSafeAddon() {
  const dir = addonDir();
  if (!dir) return;
  const first = probeAddon(dir);
  if (first.ok) return;
  if (!first.aborted) {
    const hint = first.output.includes('NODE_MODULE_VERSION')
      ? `\nIt was built for another Node: npm's nodedir is ${process.env.npm_config_nodedir ?? '(unset)'}; ` +
        "set npm_config_nodedir to this Node's folder (or unset it) and install again."
      : '';
    throw new Error(`better-sqlite3 does not work on Node ${process.version}:\n${first.output}${hint}`);
  }
  const major = Number(process.versions.node.split('.')[0]);
  const range = SAFE_HEADERS_RANGE[/** @type {keyof typeof SAFE_HEADERS_RANGE} */ (major)];
  if (!range) throw new Error(`better-sqlite3 aborts on Node ${process.version}:\n${first.output}`);
  const version = resolveNodeVersion(range);
  console.log(
    `» better-sqlite3 aborts when V8 collects its objects on Node ${process.version} ` +
      `(node::ObjectWrap's cleanup hooks, Node 24.19–24.21): rebuilding it against Node ${version}'s headers`,
  );
  const code = await rebuildAgainst(dir, ensureNodeDist(version));
  if (code !== 0) throw new Error(`rebuilding better-sqlite3 failed with exit code ${code}`);
  const second = probeAddon(dir);
  if (!second.ok) throw new Error(`better-sqlite3 still fails after the rebuild:\n${second.output}`);
  console.log('» better-sqlite3 rebuilt; it now survives garbage collection');
}
