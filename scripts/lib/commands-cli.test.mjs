// Every repo command, run as a child process: --help, a bogus option and bad arguments. None of these runs get
// past reading the command line, so no server starts and nothing is built.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROOT } from './run.mjs';

/**
 * Runs `node <file> ...args` to completion.
 * @param {string} file absolute path
 * @param {string[]} args
 * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
 */
function node(file, args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [file, ...args], { timeout: 20_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const STACK_LINE = /^\s+at /m;

/** @type {string} */
let fresh;

// start, build and test read their command line before anything is installed: they run from a copy of scripts/
// with no node_modules above it, as on a fresh clone.
beforeAll(() => {
  fresh = mkdtempSync(path.join(tmpdir(), 'fresh-clone-'));
  cpSync(path.join(ROOT, 'scripts'), path.join(fresh, 'scripts'), { recursive: true });
  const resolveFromCopy = createRequire(path.join(fresh, 'scripts', 'start.mjs')).resolve;
  // Without this the copy would prove nothing: a package must not be found from there.
  expect(() => resolveFromCopy('semver')).toThrow();
});
afterAll(() => {
  rmSync(fresh, { recursive: true, force: true });
});

const COMMANDS = [
  { command: 'start', file: 'scripts/start.mjs', fresh: true, mentions: '--no-build' },
  { command: 'build', file: 'scripts/build.mjs', fresh: true, mentions: '--all' },
  { command: 'test', file: 'scripts/test.mjs', fresh: true, mentions: '--no-e2e' },
  { command: 'test:node', file: 'scripts/node-versions.mjs', fresh: true, mentions: '--full' },
  { command: 'deploy', file: 'scripts/deploy.mjs', fresh: false, mentions: '--entry-base URL' },
  { command: 'rollback', file: 'scripts/rollback.mjs', fresh: false, mentions: '[release]' },
  { command: 'releases', file: 'scripts/releases.mjs', fresh: false, mentions: '--data-dir DIR' },
  { command: 'chaos', file: 'scripts/chaos.mjs', fresh: false, mentions: 'inject <target> <type>' },
  { command: 'bench', file: 'bench/run.mjs', fresh: false, mentions: '--only LIST' },
  { command: 'probe', file: 'scripts/probe.mjs', fresh: false, mentions: 'DEMO_MODE=0' },
];

/** @param {string} file @param {boolean} fromCopy */
const where = (file, fromCopy) => path.join(fromCopy ? fresh : ROOT, file);

describe('every command helps', () => {
  test.each(COMMANDS)(
    '$command: --help prints the usage and exits 0; --bogus says so with the usage on stderr and exits 2',
    async ({ command, file, fresh: fromCopy, mentions }) => {
      const [help, short, bogus] = await Promise.all([
        node(where(file, fromCopy), ['--help']),
        node(where(file, fromCopy), ['-h']),
        node(where(file, fromCopy), ['--bogus']),
      ]);
      expect(help.stderr).toBe('');
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^usage: /);
      expect(help.stdout).toContain(mentions);
      expect(help.stdout).toContain('-h, --help');
      expect(help.stdout).toMatch(/\nexample\n {2}\S/);
      expect(short).toEqual(help);

      expect(bogus.code).toBe(2);
      expect(bogus.stdout).toBe('');
      const [reason] = bogus.stderr.split('\n');
      expect(reason).toMatch(new RegExp(`^${command}: .*unknown option '--bogus'`));
      expect(bogus.stderr.endsWith(`\n\n${help.stdout}`)).toBe(true);
      expect(`${help.stdout}${bogus.stderr}`).not.toMatch(STACK_LINE);
    },
    30_000,
  );

  test('a bad argument or value is a usage error too, named on the first line', async () => {
    const cases = [
      { file: where('scripts/start.mjs', true), args: ['now'], reason: "start: unexpected argument 'now'" },
      {
        file: where('scripts/build.mjs', true),
        args: ['--all=yes'],
        reason: "build: option '--all' does not",
      },
      {
        file: where('scripts/node-versions.mjs', true),
        args: ['latest'],
        reason: 'test:node: "latest" is not a Node version',
      },
      { file: where('scripts/deploy.mjs', false), args: [], reason: 'deploy: no remote given' },
      {
        file: where('scripts/deploy.mjs', false),
        args: ['shell'],
        reason: 'deploy: "shell" is not a remote',
      },
      {
        file: where('scripts/deploy.mjs', false),
        args: ['cart', '--data-dir'],
        reason: "deploy: option '--data-dir",
      },
      {
        file: where('scripts/rollback.mjs', false),
        args: ['cart', 'a', 'b'],
        reason: 'rollback: unexpected argument "b"',
      },
      {
        file: where('scripts/releases.mjs', false),
        args: ['cart', '--registry='],
        reason: 'releases: --registry needs',
      },
      {
        file: where('scripts/chaos.mjs', false),
        args: ['frobnicate'],
        reason: 'chaos: error USAGE: unknown command',
      },
      {
        file: where('bench/run.mjs', false),
        args: ['--only', '99'],
        reason: 'bench: --only: unknown section "99"',
      },
    ];
    const results = await Promise.all(cases.map((c) => node(c.file, c.args)));
    results.forEach((r, i) => {
      const c = cases[i];
      expect({ args: c?.args, code: r.code, stdout: r.stdout, reason: r.stderr.split('\n')[0] }).toEqual({
        args: c?.args,
        code: 2,
        stdout: '',
        reason: expect.stringContaining(c?.reason ?? '?'),
      });
      expect(r.stderr).toContain('\n\nusage: ');
      expect(r.stderr).not.toMatch(STACK_LINE);
    });
  }, 30_000);

  test('the release commands read their options: an empty data folder has no releases, nothing to roll back to', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'release-cli-'));
    try {
      const [list, back] = await Promise.all([
        node(where('scripts/releases.mjs', false), ['cart', '--data-dir', dataDir]),
        node(where('scripts/rollback.mjs', false), [
          `--data-dir=${dataDir}`,
          'cart',
          '--entry-base',
          'http://x:1',
        ]),
      ]);
      expect(list).toEqual({
        code: 0,
        stdout: 'cart has no releases yet (npm run deploy -- cart)\n',
        stderr: '',
      });
      expect(back.code).toBe(1);
      expect(back.stderr).toContain('refused: cart stays on its live release');
      expect(back.stderr).toContain('the live cart is not a published release');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
