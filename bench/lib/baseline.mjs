// An earlier commit of the storefront, built once and kept, so that a section can run it side by side with the
// current code: the tree of the commit (git archive) in bench/tmp/baseline-<commit>/, its own `npm ci` and build,
// and its own scripts/lib/stack.mjs to start it. A later run finds it ready and skips install and build.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, runCaptured, runQuietly, secs } from '../../scripts/lib/run.mjs';
import { TMP } from './stacks.mjs';

/** The last commit before issue 11: idempotency records in the BFF's memory, no checkout records, no ledger. */
export const DEFAULT_BASELINE_REF = '4839d0f';

/** Written last, once install and build succeeded: a folder without it is rebuilt from scratch. */
const READY = '.bench-baseline-ready';

/**
 * @typedef {object} Baseline
 * @property {string} ref      what was asked for (BENCH_BASELINE_REF or the default)
 * @property {string} commit   the full commit id it resolved to
 * @property {string} subject  the commit's first line
 * @property {string} dir      where it is built
 * @property {number | null} preparedMs  install + build time, null when the cached build was used
 */

/**
 * Runs git in the repository and returns its trimmed output.
 * @param {string[]} args
 * @returns {Promise<string>}
 */
async function git(args) {
  const { code, output } = await runCaptured('git', args, { cwd: ROOT });
  if (code !== 0) throw new Error(`git ${args.join(' ')} failed: ${output.trim()}`);
  return output.trim();
}

/**
 * Writes the commit's tree into `dir` (git archive | tar -x): no worktree is registered in the repository.
 * @param {string} commit
 * @param {string} dir
 * @returns {Promise<void>}
 */
function extractTree(commit, dir) {
  return new Promise((resolve, reject) => {
    const archive = spawn('git', ['archive', '--format=tar', commit], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const tar = spawn('tar', ['-x', '-C', dir], { stdio: ['pipe', 'inherit', 'inherit'] });
    archive.stdout.pipe(tar.stdin);
    let archiveCode = /** @type {number | null} */ (null);
    archive.on('exit', (code) => {
      archiveCode = code;
    });
    tar.on('error', reject);
    archive.on('error', reject);
    tar.on('exit', (code) => {
      if (code === 0 && archiveCode === 0) resolve();
      else reject(new Error(`git archive ${commit} | tar -x failed (exit ${archiveCode} / ${code})`));
    });
  });
}

/**
 * The baseline, installed and built (from the cache when an earlier run left it ready).
 * @param {string} [ref] a commit, tag or branch; BENCH_BASELINE_REF, else {@link DEFAULT_BASELINE_REF}
 * @returns {Promise<Baseline>}
 */
export async function ensureBaseline(ref = process.env.BENCH_BASELINE_REF || DEFAULT_BASELINE_REF) {
  const commit = await git(['rev-parse', '--verify', `${ref}^{commit}`]);
  const subject = await git(['log', '-1', '--format=%s', commit]);
  const dir = path.join(TMP, `baseline-${commit.slice(0, 12)}`);
  const ready = path.join(dir, READY);
  if (existsSync(ready)) {
    console.log(`» baseline ${ref} (${commit.slice(0, 7)}): built earlier, in ${path.relative(ROOT, dir)}`);
    return { ref, commit, subject, dir, preparedMs: null };
  }
  console.log(`» baseline ${ref} (${commit.slice(0, 7)}): extracting, installing and building once`);
  const started = Date.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await extractTree(commit, dir);
  // The npm cache is warm: nothing is downloaded that the current lockfile did not already bring.
  const install = ['ci', '--prefer-offline', '--no-audit', '--no-fund'];
  if ((await runQuietly('npm', install, { cwd: dir })) !== 0) throw new Error(`npm ci failed in ${dir}`);
  // Its own build script, with its own ROOT: every deployable (the stack publishes the remotes' builds too).
  const build = [path.join(dir, 'scripts/build.mjs'), '--all'];
  if ((await runQuietly(process.execPath, build, { cwd: dir })) !== 0)
    throw new Error(`build failed in ${dir}`);
  const preparedMs = Date.now() - started;
  writeFileSync(ready, `${JSON.stringify({ ref, commit, preparedMs, at: new Date().toISOString() })}\n`);
  console.log(`  baseline ready in ${secs(preparedMs)}`);
  return { ref, commit, subject, dir, preparedMs };
}

/**
 * The baseline's own stack module (scripts/lib/stack.mjs of that commit), loaded from its folder.
 * @param {Baseline} baseline
 * @returns {Promise<import('./stacks.mjs').StackModule>}
 */
export async function baselineStackModule(baseline) {
  const file = path.join(baseline.dir, 'scripts/lib/stack.mjs');
  if (!existsSync(file)) throw new Error(`${file} is missing: the baseline has no scripts/lib/stack.mjs`);
  return /** @type {import('./stacks.mjs').StackModule} */ (await import(pathToFileURL(file).href));
}

/**
 * What the cache marker says about an earlier preparation (for the report), or null.
 * @param {Baseline} baseline
 * @returns {{ preparedMs?: number, at?: string } | null}
 */
export function cachedInfo(baseline) {
  try {
    return JSON.parse(readFileSync(path.join(baseline.dir, READY), 'utf8'));
  } catch {
    return null;
  }
}
