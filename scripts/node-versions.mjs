#!/usr/bin/env node
// `npm run test:node -- 22 24`: for each Node version (a major, or exact like 24.21.0), takes that Node from the
// npm registry's node-<platform>-<arch> package (the binaries that the `node` package installs, plus the headers
// that native builds need), cached in ~/.cache/storefront-node; copies the work tree (tracked and new files, no
// node_modules) to a throwaway folder; runs `npm ci` and the unit + component tests (`vitest run`) there with
// that Node first on PATH (npm itself is the one on PATH, run by that Node); prints what passed and how long it
// took. `--full` runs `npm test -- --no-e2e` (lint, typecheck, unit) instead of vitest alone; `--keep` keeps
// the copies (failed ones are always kept, with their log). Measured on 2 cores: 3.5–7.5 minutes per version
// (npm ci 1.5–4.5 min, of which 1.3–2.5 min rebuild better-sqlite3 on Node 24.19–24.21; vitest 2–3 min).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { defineCli } from './lib/cli.mjs';
import { ensureNodeDist, resolveNodeVersion } from './lib/node-dist.mjs';
import { ROOT, secs } from './lib/run.mjs';

const USAGE = `usage: npm run test:node -- [VERSION...] [--full] [--keep]   (node scripts/node-versions.mjs ...)

For each Node version (a major or an exact version; default: 22 24), takes that Node from the npm registry
(node-<platform>-<arch>, cached in ~/.cache/storefront-node or $NODE_VERSIONS_CACHE), copies the work tree to a
throwaway folder, runs npm ci and the unit + component tests (vitest run) there with that Node, and prints what
passed and how long it took (3.5-7.5 min per version on 2 cores). Exit code 0 when every version passed.

options
  --full           run npm test -- --no-e2e (lint, typecheck, unit) instead of vitest alone
  --keep           keep the copies (failed ones are always kept, with their log)
  -h, --help       this text

example
  npm run test:node -- 22 24.21.0`;

const cli = defineCli({
  name: 'test:node',
  usage: USAGE,
  positionals: true,
  options: {
    full: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const { values: flags, positionals } = cli.parse();
for (const spec of positionals) {
  if (!/^\d+(\.\d+){0,2}$/.test(spec)) cli.fail(`"${spec}" is not a Node version (22, 24.21.0)`);
}
const specs = positionals.length > 0 ? positionals : ['22', '24'];

/**
 * Runs a command with stdout and stderr appended to a log file; resolves with its exit code.
 * @param {string} cmd @param {string[]} args @param {{ cwd: string, env: NodeJS.ProcessEnv, log: string }} opts
 * @returns {Promise<number>}
 */
function logged(cmd, args, opts) {
  return new Promise((resolve) => {
    const out = createWriteStream(opts.log, { flags: 'a' });
    out.write(`\n$ ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('error', () => out.end(() => resolve(127)));
    child.on('close', (code, signal) => out.end(() => resolve(code ?? (signal ? 128 : 1))));
  });
}

/**
 * Copies the work tree as git sees it (tracked and untracked files, minus ignored ones) to `dest`.
 * @param {string} dest
 */
function copyWorkTree(dest) {
  const ls = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (ls.status !== 0) throw new Error(`git ls-files failed:\n${ls.stderr}`);
  for (const file of ls.stdout.split('\0')) {
    if (!file || !existsSync(path.join(ROOT, file))) continue;
    mkdirSync(path.dirname(path.join(dest, file)), { recursive: true });
    cpSync(path.join(ROOT, file), path.join(dest, file));
  }
}

/**
 * The last "Test Files" / "Tests" / "Errors" lines of a vitest run in a log.
 * @param {string} log
 * @returns {string}
 */
function vitestSummary(log) {
  const text = stripVTControlCharacters(readFileSync(log, 'utf8'));
  const pick = (/** @type {string} */ label) =>
    text
      .split('\n')
      .filter((l) => l.trimStart().startsWith(label))
      .pop()
      ?.trim();
  return [pick('Test Files'), pick('Tests '), pick('Errors')].filter(Boolean).join('; ');
}

/** @type {{ version: string, ok: boolean, install: number, tests: number, summary: string, log: string }[]} */
const results = [];
for (const spec of specs) {
  const version = resolveNodeVersion(spec);
  console.log(`\n━━ Node ${version}`);
  const nodeDir = ensureNodeDist(version);
  const work = mkdtempSync(path.join(os.tmpdir(), `storefront-node${version}-`));
  const log = path.join(work, 'node-versions.log');
  copyWorkTree(work);
  const env = {
    ...process.env,
    PATH: `${path.join(nodeDir, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    // node-gyp builds native addons against this Node's headers, whatever nodedir npm's own config names.
    npm_config_nodedir: nodeDir,
    CI: 'true',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
  console.log(`» npm ci in ${work} (log: ${log})`);
  let started = Date.now();
  const ci = await logged('npm', ['ci', '--no-audit', '--no-fund', '--foreground-scripts'], {
    cwd: work,
    env,
    log,
  });
  const install = Date.now() - started;
  let tests = 0;
  let code = ci;
  if (ci === 0) {
    console.log(`» installed in ${secs(install)}; ${flags.full ? 'npm test -- --no-e2e' : 'vitest run'}`);
    started = Date.now();
    code = flags.full
      ? await logged('npm', ['test', '--', '--no-e2e'], { cwd: work, env, log })
      : await logged('npx', ['--no-install', 'vitest', 'run'], { cwd: work, env, log });
    tests = Date.now() - started;
  }
  const summary = ci === 0 ? vitestSummary(log) : `npm ci failed (exit ${ci})`;
  results.push({ version, ok: code === 0, install, tests, summary, log });
  console.log(`${code === 0 ? '✓' : '✗'} Node ${version}: ${summary} (tests ${secs(tests)})`);
  if (!flags.keep && code === 0) rmSync(work, { recursive: true, force: true });
}

console.log('\n━━ summary');
for (const r of results) {
  console.log(
    `  ${r.ok ? '✓' : '✗'} Node ${r.version.padEnd(9)} npm ci ${secs(r.install).padStart(8)}  ` +
      `tests ${secs(r.tests).padStart(8)}  ${r.summary}${r.ok ? '' : `\n      log: ${r.log}`}`,
  );
}
process.exit(results.every((r) => r.ok) ? 0 : 1);
