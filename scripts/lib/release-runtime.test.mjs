// The MF runtime part of the deploy guard: a release whose container runs on the shell's runtime-core is refused
// unless the shell provides one of the same minor (decision 014).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCompatibility, runtimeProblem } from './release-compat.mjs';
import {
  deployRelease,
  formatReleases,
  listReleases,
  publishRelease,
  readShellRuntime,
  rollback,
  runtimeRequirement,
} from './releases.mjs';

const SHELL = { dependencies: { react: '19.3.1', 'react-dom': '19.3.1', '@storefront/router': '^1.0.0' } };
const SHARED = { react: '19.3.1', 'react-dom': '19.3.1', '@storefront/router': '^1.0.0' };
const ENTRY_BASE = 'http://localhost:3002';

/** @type {string} */
let tmp;
/** @type {string} */
let dataDir;
/** @type {string} */
let registryFile;

beforeEach(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'release-runtime-'));
  dataDir = path.join(tmp, '.data');
  registryFile = path.join(dataDir, 'registry.json');
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/**
 * A fake cart build: package.json, mf-manifest.json, remoteEntry.js and, unless `runtime` is undefined, the
 * mf-runtime.json remote-kit writes.
 * @param {{ body: string, runtime?: unknown }} opts
 * @returns {Promise<string>} its dist folder
 */
async function fakeRemote({ body, runtime }) {
  const dir = path.join(tmp, 'remotes', 'cart');
  const dist = path.join(dir, 'dist');
  await mkdir(dist, { recursive: true });
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: '@storefront/cart', version: '0.1.0', dependencies: SHARED }),
  );
  const shared = Object.entries(SHARED).map(([name, v]) => ({ name, version: v, requiredVersion: v }));
  await writeFile(path.join(dist, 'mf-manifest.json'), JSON.stringify({ name: 'cart', shared }));
  await writeFile(path.join(dist, 'remoteEntry.js'), body);
  const record = path.join(dist, 'mf-runtime.json');
  if (runtime === undefined) await rm(record, { force: true });
  else await writeFile(record, JSON.stringify(runtime));
  return dist;
}

/** @param {string} version */
const external = (version) => ({ runtime: 'external', runtimeCore: version });

describe('runtimeProblem and checkCompatibility', () => {
  /** @param {string | undefined} mfRuntime @param {string | null} shellRuntime */
  const check = (mfRuntime, shellRuntime) =>
    checkCompatibility({
      release: { id: 'r', shared: SHARED, ...(mfRuntime === undefined ? {} : { mfRuntime }) },
      shellPackageJson: SHELL,
      shellRuntime,
    });

  it('accepts a release carrying its own runtime on any shell, even one that provides none', () => {
    expect(check(undefined, null)).toEqual({ ok: true, problems: [] });
    expect(check(undefined, '3.0.0')).toEqual({ ok: true, problems: [] });
  });

  it('accepts the same runtime-core, and a patch release of either side', () => {
    expect(check('2.9.3', '2.9.3').ok).toBe(true);
    expect(check('2.9.3', '2.9.7').ok).toBe(true);
    expect(check('2.9.5', '2.9.0').ok).toBe(true);
  });

  it('refuses another minor or major with one line naming the runtime and both versions', () => {
    expect(check('2.9.3', '2.10.0')).toEqual({
      ok: false,
      problems: [
        'mf-runtime: release r needs runtime-core 2.9.x (built with 2.9.3), the shell provides 2.10.0',
      ],
    });
    expect(check('2.10.1', '2.9.3').ok).toBe(false);
    expect(check('2.9.3', '3.9.3').ok).toBe(false);
  });

  it('refuses when the shell provides no runtime', () => {
    const res = check('2.9.3', null);
    expect(res.ok).toBe(false);
    expect(res.problems).toEqual([
      "mf-runtime: release r runs on the shell's runtime-core 2.9.3, the shell provides none (rebuild the shell)",
    ]);
    expect(runtimeProblem({ id: 'r', mfRuntime: '2.9.3' }, undefined)).toMatch(/provides none/);
  });

  it('says so in one line, never throwing, when either version is unreadable', () => {
    expect(check('', '2.9.3').problems).toEqual([
      `mf-runtime: release r runs on the shell's runtime-core "", which is not a version`,
    ]);
    expect(check('2.9', '2.9.3').ok).toBe(false);
    expect(check('2.9.3', 'latest').problems).toEqual([
      `mf-runtime: cannot read the shell's runtime-core version "latest"`,
    ]);
  });

  it('a release taking the bundler runtime from the shell needs a shell that provides it; older releases do not', () => {
    expect(check('2.9.3+bundler-runtime', '2.9.3+bundler-runtime').ok).toBe(true);
    expect(check('2.9.3+bundler-runtime', '2.9.7+bundler-runtime').ok).toBe(true);
    // A shell built before provides runtime-core only: no `_FEDERATION_BUNDLER_RUNTIME` on its pages.
    expect(check('2.9.3+bundler-runtime', '2.9.3')).toEqual({
      ok: false,
      problems: [
        'mf-runtime: release r takes the bundler runtime from the shell, which provides only runtime-core 2.9.3 (rebuild the shell)',
      ],
    });
    // Its own bundler runtime, on runtime-core: hosted by the new shell as before; the minor rule still applies.
    expect(check('2.9.3', '2.9.3+bundler-runtime').ok).toBe(true);
    expect(check(undefined, '2.9.3+bundler-runtime').ok).toBe(true);
    expect(check('2.9.3+bundler-runtime', '2.10.0+bundler-runtime').problems).toEqual([
      'mf-runtime: release r needs runtime-core 2.9.x (built with 2.9.3), the shell provides 2.10.0',
    ]);
  });

  it('adds the runtime line to the shared modules’ lines', () => {
    const res = checkCompatibility({
      release: { id: 'r', shared: { ...SHARED, react: '^18.0.0' }, mfRuntime: '2.9.3' },
      shellPackageJson: SHELL,
      shellRuntime: '2.8.0',
    });
    expect(res.problems).toHaveLength(2);
    expect(res.problems[0]).toMatch(/^react: /);
    expect(res.problems[1]).toMatch(/^mf-runtime: /);
  });
});

describe('what a build records', () => {
  it('a remote container on the external runtime needs that version; no record means its own runtime', () => {
    expect(runtimeRequirement(external('2.9.3'))).toBe('2.9.3');
    expect(runtimeRequirement(undefined)).toBeUndefined();
    expect(runtimeRequirement({ runtime: 'provided', runtimeCore: '2.9.3' })).toBeUndefined();
    // External with no readable version: recorded so that the guard refuses it.
    expect(runtimeRequirement({ runtime: 'external' })).toBe('');
    expect(runtimeRequirement({ ...external('2.9.3'), bundlerRuntime: 'external' })).toBe(
      '2.9.3+bundler-runtime',
    );
    expect(runtimeRequirement({ runtime: 'external', bundlerRuntime: 'external' })).toBe('');
  });

  it("the shell's build provides the version in its record, and nothing without one", () => {
    const shellDist = path.join(tmp, 'shell-dist');
    expect(readShellRuntime(shellDist)).toBeNull();
    mkdirSync(shellDist);
    writeFileSync(path.join(shellDist, 'mf-runtime.json'), '{ not json');
    expect(readShellRuntime(shellDist)).toBeNull();
    writeFileSync(path.join(shellDist, 'mf-runtime.json'), JSON.stringify(external('2.9.3')));
    expect(readShellRuntime(shellDist)).toBeNull();
    writeFileSync(
      path.join(shellDist, 'mf-runtime.json'),
      JSON.stringify({ runtime: 'provided', runtimeCore: '2.9.3' }),
    );
    expect(readShellRuntime(shellDist)).toBe('2.9.3');
    writeFileSync(
      path.join(shellDist, 'mf-runtime.json'),
      JSON.stringify({ runtime: 'provided', runtimeCore: '2.9.3', bundlerRuntime: 'provided' }),
    );
    expect(readShellRuntime(shellDist)).toBe('2.9.3+bundler-runtime');
  });

  it('publishRelease writes the requirement into release.json, and none for a self-contained build', async () => {
    const own = await publishRelease({ remote: 'cart', distDir: await fakeRemote({ body: 'v1' }), dataDir });
    expect(own.release.mfRuntime).toBeUndefined();
    const ext = await publishRelease({
      remote: 'cart',
      distDir: await fakeRemote({ body: 'v2', runtime: external('2.9.3') }),
      dataDir,
    });
    expect(ext.release.mfRuntime).toBe('2.9.3');
    expect(JSON.parse(readFileSync(path.join(ext.dir, 'release.json'), 'utf8')).mfRuntime).toBe('2.9.3');
    const listed = await listReleases({ remote: 'cart', dataDir, registryFile });
    const table = formatReleases(listed);
    expect(table).toContain('mf-runtime@2.9.3');
    expect(table).toContain('mf-runtime@own');
  });
});

describe('deploy and rollback with the runtime guard', () => {
  it('a release for another runtime minor is refused and the registry stays byte-identical', async () => {
    const ok = await deployRelease({
      remote: 'cart',
      distDir: await fakeRemote({ body: 'v1', runtime: external('2.9.3') }),
      dataDir,
      registryFile,
      entryBase: ENTRY_BASE,
      shellPackageJson: SHELL,
      shellRuntime: '2.9.3',
    });
    expect(ok.ok).toBe(true);
    const before = readFileSync(registryFile);
    const bad = await deployRelease({
      remote: 'cart',
      distDir: await fakeRemote({ body: 'v2', runtime: external('2.10.0') }),
      dataDir,
      registryFile,
      entryBase: ENTRY_BASE,
      shellPackageJson: SHELL,
      shellRuntime: '2.9.3',
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.problems).toEqual([expect.stringMatching(/^mf-runtime: .*2\.10\.x.*provides 2\.9\.3$/)]);
    expect(readFileSync(registryFile).equals(before)).toBe(true);
  });

  it('rollback to a release on the external runtime is refused by a shell that provides none', async () => {
    const first = await deployRelease({
      remote: 'cart',
      distDir: await fakeRemote({ body: 'v1', runtime: external('2.9.3') }),
      dataDir,
      registryFile,
      entryBase: ENTRY_BASE,
      shellPackageJson: SHELL,
      shellRuntime: '2.9.3',
    });
    const second = await deployRelease({
      remote: 'cart',
      distDir: await fakeRemote({ body: 'v2' }),
      dataDir,
      registryFile,
      entryBase: ENTRY_BASE,
      shellPackageJson: SHELL,
      shellRuntime: null,
    });
    // A release with its own runtime needs nothing from the shell.
    expect(second.ok).toBe(true);
    const before = readFileSync(registryFile);
    const res = await rollback({
      remote: 'cart',
      dataDir,
      registryFile,
      entryBase: ENTRY_BASE,
      shellPackageJson: SHELL,
      shellRuntime: null,
    });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.problems.join('\n')).toMatch(/mf-runtime: .*provides none/);
    expect(readFileSync(registryFile).equals(before)).toBe(true);
    // The same shell, rebuilt with the runtime, takes it back.
    const back = await rollback({
      remote: 'cart',
      dataDir,
      registryFile,
      entryBase: ENTRY_BASE,
      shellPackageJson: SHELL,
      shellRuntime: '2.9.3',
    });
    expect(back.ok && back.release.id).toBe(first.release?.id);
  });
});
