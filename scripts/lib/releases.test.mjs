import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCompatibility, shellVersion } from './release-compat.mjs';
import {
  deployRelease,
  formatReleases,
  listReleases,
  publishRelease,
  releaseLocations,
  rollback,
  switchRegistry,
} from './releases.mjs';

const SHELL = { dependencies: { react: '19.3.1', 'react-dom': '19.3.1', '@storefront/router': '^1.0.0' } };
const ENTRY_BASE = 'http://localhost:3002';

/** @type {string} */
let tmp;
/** @type {string} */
let dataDir;
/** @type {string} */
let registryFile;

beforeEach(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'releases-'));
  dataDir = path.join(tmp, '.data');
  registryFile = path.join(dataDir, 'registry.json');
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/**
 * Writes a fake remote workspace (package.json + dist with an mf-manifest.json) and returns its dist folder.
 * @param {{ name?: string, version?: string, body?: string, shared?: { [name: string]: string } | null,
 *   deps?: { [name: string]: string } }} [opts] `shared: null` writes a manifest without shared entries
 * @returns {Promise<string>}
 */
async function fakeRemote(opts = {}) {
  const name = opts.name ?? 'cart';
  const dir = path.join(tmp, 'remotes', name);
  const dist = path.join(dir, 'dist');
  await mkdir(path.join(dist, 'assets'), { recursive: true });
  const deps = opts.deps ?? { react: '19.3.1', 'react-dom': '19.3.1', '@storefront/router': '^1.0.0' };
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: `@storefront/${name}`, version: opts.version ?? '0.1.0', dependencies: deps }),
  );
  const shared = opts.shared === undefined ? deps : (opts.shared ?? {});
  const manifest = {
    id: name,
    name,
    shared: Object.entries(shared).map(([n, v]) => ({
      id: `${name}:${n}`,
      name: n,
      version: v,
      requiredVersion: v,
    })),
    exposes: [],
  };
  await writeFile(path.join(dist, 'mf-manifest.json'), JSON.stringify(manifest));
  await writeFile(path.join(dist, 'remoteEntry.js'), opts.body ?? 'console.log("v1");');
  await writeFile(path.join(dist, 'assets', 'app.css'), 'body{}');
  await writeFile(path.join(dist, '.build-stamp'), new Date().toISOString());
  return dist;
}

/** Seeds the registry with the three local remotes, as `npm start` writes it. */
function seedRegistry() {
  const doc = {
    schemaVersion: 1,
    remotes: {
      catalog: { entry: 'http://localhost:3001/mf-manifest.json', release: 'local' },
      cart: { entry: 'http://localhost:3002/mf-manifest.json', release: 'local' },
      account: { entry: 'http://localhost:3003/mf-manifest.json', release: 'local' },
    },
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(registryFile, `${JSON.stringify(doc, null, 2)}\n`);
}

/** @returns {{ schemaVersion: number, remotes: { [name: string]: { entry: string, release: string } } }} */
function registry() {
  return JSON.parse(readFileSync(registryFile, 'utf8'));
}

describe('publishRelease', () => {
  it('names the release by version and content hash: same content → same id, a change → a new id', async () => {
    const dist = await fakeRemote();
    const a = await publishRelease({ remote: 'cart', distDir: dist, dataDir });
    expect(a.created).toBe(true);
    expect(a.release.id).toMatch(/^0\.1\.0-[0-9a-f]{10}$/);
    expect(a.release.id).toBe(`0.1.0-${a.release.hash.slice(0, 10)}`);

    // A new build stamp alone does not make a new release.
    writeFileSync(path.join(dist, '.build-stamp'), 'later');
    const same = await publishRelease({ remote: 'cart', distDir: dist, dataDir });
    expect(same.created).toBe(false);
    expect(same.release.id).toBe(a.release.id);

    writeFileSync(path.join(dist, 'remoteEntry.js'), 'console.log("v2");');
    const b = await publishRelease({ remote: 'cart', distDir: dist, dataDir });
    expect(b.created).toBe(true);
    expect(b.release.id).not.toBe(a.release.id);

    // A renamed file with the same content is a different build too.
    const dist2 = await fakeRemote({ name: 'other', body: 'console.log("v2");' });
    writeFileSync(path.join(dist2, 'assets', 'renamed.css'), 'body{}');
    rmSync(path.join(dist2, 'assets', 'app.css'));
    const c = await publishRelease({ remote: 'cart', distDir: dist2, dataDir });
    expect(c.release.id).not.toBe(b.release.id);
  });

  it('copies the build with a release.json and without the build stamp, leaving no temp folder', async () => {
    const dist = await fakeRemote({ version: '1.2.3' });
    const { release, dir } = await publishRelease({ remote: 'cart', distDir: dist, dataDir });
    expect(readdirSync(dir).sort()).toEqual(['assets', 'mf-manifest.json', 'release.json', 'remoteEntry.js']);
    const meta = JSON.parse(readFileSync(path.join(dir, 'release.json'), 'utf8'));
    expect(meta).toEqual(release);
    expect(meta).toMatchObject({
      remote: 'cart',
      version: '1.2.3',
      shared: { react: '19.3.1', 'react-dom': '19.3.1', '@storefront/router': '^1.0.0' },
    });
    expect(Number.isNaN(Date.parse(meta.createdAt))).toBe(false);
    expect(readdirSync(path.join(dataDir, 'releases', 'cart'))).toEqual([release.id]);
  });

  it('reads shared requirements from the manifest, and from package.json only without a manifest', async () => {
    const dist = await fakeRemote({ shared: { react: '^19.0.0' } });
    const { release } = await publishRelease({ remote: 'cart', distDir: dist, dataDir });
    // What the build does not share stays missing, whatever package.json depends on (the guard refuses it).
    expect(release.shared).toEqual({ react: '^19.0.0' });
    const bare = await fakeRemote({ name: 'bare', body: 'no manifest' });
    rmSync(path.join(bare, 'mf-manifest.json'));
    const fallback = await publishRelease({ remote: 'bare', distDir: bare, dataDir });
    expect(fallback.release.shared).toEqual({
      react: '19.3.1',
      'react-dom': '19.3.1',
      '@storefront/router': '^1.0.0',
    });
  });

  it('records no router contract for a build that shares react-router itself, even if package.json names it', async () => {
    const dist = await fakeRemote({
      shared: { react: '19.3.1', 'react-dom': '19.3.1', 'react-router': '7.18.6' },
      deps: {
        react: '19.3.1',
        'react-dom': '19.3.1',
        'react-router': '7.18.6',
        '@storefront/router': '^1.0.0',
      },
    });
    const { release } = await publishRelease({ remote: 'cart', distDir: dist, dataDir });
    expect(release.shared).toEqual({ react: '19.3.1', 'react-dom': '19.3.1' });
    expect(checkCompatibility({ release, shellPackageJson: SHELL }).ok).toBe(false);
  });

  it('never overwrites an existing release', async () => {
    const dist = await fakeRemote();
    const first = await publishRelease({ remote: 'cart', distDir: dist, dataDir });
    const marker = path.join(first.dir, 'remoteEntry.js');
    writeFileSync(marker, 'served bytes must not change');
    const before = readFileSync(path.join(first.dir, 'release.json'), 'utf8');
    const again = await publishRelease({ remote: 'cart', distDir: dist, dataDir });
    expect(again.created).toBe(false);
    expect(readFileSync(marker, 'utf8')).toBe('served bytes must not change');
    expect(readFileSync(path.join(first.dir, 'release.json'), 'utf8')).toBe(before);
  });

  it('rejects a remote name that is not a plain folder name', async () => {
    const dist = await fakeRemote();
    await expect(publishRelease({ remote: '../evil', distDir: dist, dataDir })).rejects.toThrow(
      /invalid remote/,
    );
  });
});

describe('switchRegistry', () => {
  it('points one remote at a release and keeps the others byte-for-byte', async () => {
    seedRegistry();
    const before = registry();
    const { previous, entry } = await switchRegistry({
      registryFile,
      remote: 'cart',
      releaseId: '0.1.0-abcdef0123',
      entryBase: `${ENTRY_BASE}/`,
    });
    expect(previous).toEqual(before.remotes.cart);
    expect(entry).toEqual({
      entry: `${ENTRY_BASE}/0.1.0-abcdef0123/mf-manifest.json`,
      release: '0.1.0-abcdef0123',
    });
    const after = registry();
    expect(after.schemaVersion).toBe(1);
    expect(after.remotes.cart).toEqual(entry);
    expect(after.remotes.catalog).toEqual(before.remotes.catalog);
    expect(after.remotes.account).toEqual(before.remotes.account);
    expect(readdirSync(dataDir)).toEqual(['registry.json']);
  });

  it('creates the registry when it is missing', async () => {
    await switchRegistry({
      registryFile,
      remote: 'cart',
      releaseId: '0.1.0-abcdef0123',
      entryBase: ENTRY_BASE,
    });
    expect(registry()).toEqual({
      schemaVersion: 1,
      remotes: {
        cart: { entry: `${ENTRY_BASE}/0.1.0-abcdef0123/mf-manifest.json`, release: '0.1.0-abcdef0123' },
      },
    });
  });

  it('a concurrent reader never sees a partial file across 50 switches, and no temp file is left', async () => {
    seedRegistry();
    // A worker thread reads truly in parallel with the main thread's writes.
    const reader = new Worker(
      `
      const { readFileSync } = require('node:fs');
      const { parentPort, workerData } = require('node:worker_threads');
      let stop = false, reads = 0, bad = 0, firstBad = '';
      parentPort.on('message', () => { stop = true; });
      const loop = () => {
        const until = Date.now() + 5;
        while (Date.now() < until) {
          const text = readFileSync(workerData, 'utf8');
          reads++;
          try {
            const doc = JSON.parse(text);
            if (!doc.remotes || !doc.remotes.catalog || !doc.remotes.cart) throw new Error('incomplete');
          } catch (e) { bad++; if (!firstBad) firstBad = text.slice(0, 200); }
        }
        if (stop) parentPort.postMessage({ reads, bad, firstBad }); else setImmediate(loop);
      };
      parentPort.postMessage('ready');
      loop();
      `,
      { eval: true, workerData: registryFile },
    );
    /** @type {Promise<{ reads: number, bad: number, firstBad: string }>} */
    const done = new Promise((resolve, reject) => {
      reader.on('message', (m) => {
        if (m !== 'ready') resolve(m);
      });
      reader.on('error', reject);
    });
    for (let i = 0; i < 50; i++) {
      const releaseId = `0.1.${i}-${i.toString(16).padStart(10, '0')}`;
      await switchRegistry({ registryFile, remote: 'cart', releaseId, entryBase: ENTRY_BASE });
    }
    reader.postMessage('stop');
    const result = await done;
    await reader.terminate();
    expect(result.reads).toBeGreaterThan(0);
    expect(result.firstBad).toBe('');
    expect(result.bad).toBe(0);
    expect(registry().remotes.cart?.release).toBe('0.1.49-0000000031');
    expect(readdirSync(dataDir)).toEqual(['registry.json']);
  });
});

describe('checkCompatibility', () => {
  /** @param {{ [name: string]: string }} shared */
  const check = (shared) => checkCompatibility({ release: { id: 'r', shared }, shellPackageJson: SHELL });
  const same = { react: '19.3.1', 'react-dom': '19.3.1', '@storefront/router': '^1.0.0' };

  it('accepts the same exact pins', () => {
    expect(check(same)).toEqual({ ok: true, problems: [] });
  });

  it('refuses another major with a message naming the module and both versions', () => {
    const res = check({ ...same, react: '18.2.0' });
    expect(res.ok).toBe(false);
    expect(res.problems).toEqual(['react: release r requires 18.2.0, the shell provides 19.3.1']);
    expect(check({ ...same, '@storefront/router': '^2.0.0' }).ok).toBe(false);
  });

  it('applies ^ and ~ ranges', () => {
    expect(check({ ...same, react: '^19.0.0' }).ok).toBe(true);
    expect(check({ ...same, react: '^19.4.0' }).ok).toBe(false);
    expect(check({ ...same, react: '~19.3.0' }).ok).toBe(true);
    expect(check({ ...same, react: '~19.2.0' }).ok).toBe(false);
    expect(check({ ...same, react: '^18.0.0' }).ok).toBe(false);
  });

  it('refuses a release with a missing shared entry, or one the shell does not share', () => {
    const { react: _react, ...noReact } = same;
    const res = check(noReact);
    expect(res.ok).toBe(false);
    expect(res.problems[0]).toMatch(/^react: .*missing shared entry/);
    // react-dom is not required: a container lists it only when an exposed module imports it.
    const { 'react-dom': _dom, ...noDom } = same;
    expect(check(noDom)).toEqual({ ok: true, problems: [] });
    expect(check({ ...noDom, 'react-dom': '^18.0.0' }).ok).toBe(false);
    const shell = { dependencies: { react: '19.3.1', 'react-dom': '19.3.1' } };
    const res2 = checkCompatibility({ release: { id: 'r', shared: same }, shellPackageJson: shell });
    expect(res2.problems).toEqual([
      '@storefront/router: the shell does not share it (release requires ^1.0.0)',
    ]);
  });

  it('refuses a release built before the router contract (it shares react-router, not @storefront/router)', () => {
    const { '@storefront/router': _router, ...rest } = same;
    const before = { ...rest, 'react-router': '7.18.6' };
    expect(check(before)).toEqual({
      ok: false,
      problems: [
        '@storefront/router: release r declares no requirement (missing shared entry; it shares react-router, from before the router contract, and would render its own router)',
      ],
    });
  });

  it('accepts any npm range the shell satisfies: ^19, 19.x, >=19 <20, ~19.3.0, exact, *', () => {
    for (const range of [
      '^19',
      '19.x',
      '19',
      '>=19 <20',
      '~19.3.0',
      '19.3.1',
      '=19.3.1',
      '^19.3.1',
      '*',
      '19.x || 20.x',
    ]) {
      expect({ range, ...check({ ...same, react: range }) }).toEqual({ range, ok: true, problems: [] });
    }
    expect(check({ ...same, '@storefront/router': '1.x' }).ok).toBe(true);
  });

  it('refuses a range the shell does not satisfy, naming the range and the version', () => {
    for (const range of ['^18', '18.x', '>=18 <19', '~19.2.0', '^19.4.0', '19.3.2', '20.x', '<19.3.1']) {
      expect({ range, ...check({ ...same, react: range }) }).toEqual({
        range,
        ok: false,
        problems: [`react: release r requires ${range}, the shell provides 19.3.1`],
      });
    }
  });

  it('refuses an invalid range with a clear line instead of throwing', () => {
    for (const range of ['banana', '^19.x.y.z', '>=', '19.3.1.4']) {
      expect(check({ ...same, react: range }).problems).toEqual([
        `react: release r requires ${JSON.stringify(range)}, which is not a valid version range`,
      ]);
    }
  });

  it('uses the lowest version when the shell itself declares a range, and refuses one with no lower bound', () => {
    const shell = {
      dependencies: { react: '^19.3.1', 'react-dom': '19.3.x', '@storefront/router': '^1.0.0' },
    };
    expect(checkCompatibility({ release: { id: 'r', shared: same }, shellPackageJson: shell }).ok).toBe(
      false,
    );
    const ranged = { ...shell, dependencies: { ...shell.dependencies, 'react-dom': '>=19.3.1 <20' } };
    expect(checkCompatibility({ release: { id: 'r', shared: same }, shellPackageJson: ranged })).toEqual({
      ok: true,
      problems: [],
    });
    const unbounded = { dependencies: { ...SHELL.dependencies, react: '*' } };
    expect(
      checkCompatibility({ release: { id: 'r', shared: same }, shellPackageJson: unbounded }).problems,
    ).toEqual(['react: cannot read the shell\'s version "*"']);
  });
});

describe('shellVersion', () => {
  it('reads an exact version, or the lowest version of a range', () => {
    expect(shellVersion('19.3.1')).toBe('19.3.1');
    expect(shellVersion('v19.3.1')).toBe('19.3.1');
    expect(shellVersion('^19.3.1')).toBe('19.3.1');
    expect(shellVersion('19.x')).toBe('19.0.0');
    expect(shellVersion('>=19.2 <20')).toBe('19.2.0');
    expect(shellVersion('*')).toBeUndefined();
    expect(shellVersion('latest')).toBeUndefined();
    expect(shellVersion('workspace:*')).toBeUndefined();
  });
});

describe('deploy, list and roll back', () => {
  it('deploys, lists newest first with the live one marked, rolls back to the previous and to a given id', async () => {
    seedRegistry();
    const dist = await fakeRemote();
    const common = { remote: 'cart', distDir: dist, dataDir, registryFile, entryBase: ENTRY_BASE };
    const v1 = await deployRelease({ ...common, shellPackageJson: SHELL });
    expect(v1).toMatchObject({ ok: true, created: true, previous: 'local' });
    writeFileSync(path.join(dist, 'remoteEntry.js'), 'v2');
    const v2 = await deployRelease({ ...common, shellPackageJson: SHELL });
    writeFileSync(path.join(dist, 'remoteEntry.js'), 'v3');
    const v3 = await deployRelease({ ...common, shellPackageJson: SHELL });
    const [id1, id2, id3] = [v1, v2, v3].map((r) => r.release?.id ?? '');
    expect(registry().remotes.cart).toEqual({ entry: `${ENTRY_BASE}/${id3}/mf-manifest.json`, release: id3 });

    const listed = await listReleases({ remote: 'cart', dataDir, registryFile });
    expect(listed.map((r) => [r.id, r.live])).toEqual([
      [id3, true],
      [id2, false],
      [id1, false],
    ]);
    expect(formatReleases(listed).split('\n')[1]).toMatch(new RegExp(`^\\*  ${id3}`));

    const back = await rollback({
      remote: 'cart',
      dataDir,
      registryFile,
      entryBase: ENTRY_BASE,
      shellPackageJson: SHELL,
    });
    expect(back).toMatchObject({ ok: true, previous: id3 });
    expect(registry().remotes.cart?.release).toBe(id2);

    const toFirst = await rollback({
      remote: 'cart',
      dataDir,
      registryFile,
      entryBase: ENTRY_BASE,
      to: id1,
      shellPackageJson: SHELL,
    });
    expect(toFirst.ok).toBe(true);
    expect(registry().remotes.cart?.release).toBe(id1);
    // Nothing older than the first release.
    const none = await rollback({
      remote: 'cart',
      dataDir,
      registryFile,
      entryBase: ENTRY_BASE,
      shellPackageJson: SHELL,
    });
    expect(none.ok).toBe(false);
    // Every release stays published (served) after rollbacks.
    for (const id of [id1, id2, id3].map(String)) {
      expect(existsSync(path.join(dataDir, 'releases', 'cart', id, 'mf-manifest.json'))).toBe(true);
    }
    expect(registry().remotes.catalog?.release).toBe('local');
  });

  it('a refused deploy keeps the release published but leaves the registry byte-identical', async () => {
    seedRegistry();
    const ok = await deployRelease({
      remote: 'cart',
      distDir: await fakeRemote(),
      dataDir,
      registryFile,
      entryBase: ENTRY_BASE,
      shellPackageJson: SHELL,
    });
    expect(ok.ok).toBe(true);
    const before = readFileSync(registryFile);
    const bad = await deployRelease({
      remote: 'cart',
      distDir: await fakeRemote({
        body: 'v2',
        deps: { react: '18.3.1', 'react-dom': '18.3.1', '@storefront/router': '^1.0.0' },
      }),
      dataDir,
      registryFile,
      entryBase: ENTRY_BASE,
      shellPackageJson: SHELL,
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems).toHaveLength(2);
    expect(readFileSync(registryFile).equals(before)).toBe(true);
    expect(readdirSync(dataDir).sort()).toEqual(['registry.json', 'releases']);
    expect(readdirSync(path.join(dataDir, 'releases', 'cart'))).toHaveLength(2);
  });

  it('a refused deploy of a release without shared entries leaves the registry untouched', async () => {
    seedRegistry();
    const before = readFileSync(registryFile);
    const res = await deployRelease({
      remote: 'cart',
      distDir: await fakeRemote({ shared: null, deps: {} }),
      dataDir,
      registryFile,
      entryBase: ENTRY_BASE,
      shellPackageJson: SHELL,
    });
    expect(res.ok).toBe(false);
    expect(readFileSync(registryFile).equals(before)).toBe(true);
  });

  it('rollback refuses an incompatible release and an unknown id, leaving the live one', async () => {
    seedRegistry();
    const old = await deployRelease({
      remote: 'cart',
      distDir: await fakeRemote({
        deps: { react: '18.3.1', 'react-dom': '18.3.1', '@storefront/router': '^1.0.0' },
      }),
      dataDir,
      registryFile,
      entryBase: ENTRY_BASE,
      shellPackageJson: {
        dependencies: { react: '18.3.1', 'react-dom': '18.3.1', '@storefront/router': '^1.0.0' },
      },
    });
    expect(old.ok).toBe(true);
    await deployRelease({
      remote: 'cart',
      distDir: await fakeRemote({ body: 'v2' }),
      dataDir,
      registryFile,
      entryBase: ENTRY_BASE,
      shellPackageJson: SHELL,
    });
    const before = readFileSync(registryFile);
    const res = await rollback({
      remote: 'cart',
      dataDir,
      registryFile,
      entryBase: ENTRY_BASE,
      shellPackageJson: SHELL,
    });
    expect(res.ok).toBe(false);
    if (!res.ok)
      expect(res.problems.join('\n')).toMatch(
        /react: release .* requires 18\.3\.1, the shell provides 19\.3\.1/,
      );
    const unknown = await rollback({
      remote: 'cart',
      dataDir,
      registryFile,
      entryBase: ENTRY_BASE,
      to: '0.1.0-0000000000',
      shellPackageJson: SHELL,
    });
    expect(unknown.ok).toBe(false);
    expect(readFileSync(registryFile).equals(before)).toBe(true);
  });
});

describe('releaseLocations', () => {
  it('defaults the registry into the data dir and the entry base to the remote port', () => {
    const a = releaseLocations({ 'data-dir': tmp }, {});
    expect(a.dataDir).toBe(tmp);
    expect(a.registryFile).toBe(path.join(tmp, 'registry.json'));
    expect(a.entryBase('cart')).toBe('http://localhost:3002');
    expect(releaseLocations({ 'data-dir': tmp }, { CART_REMOTE_PORT: '4555' }).entryBase('cart')).toBe(
      'http://localhost:4555',
    );
    expect(releaseLocations({ 'data-dir': tmp }, { REGISTRY_FILE: 'env.json' }).registryFile).toBe(
      path.resolve('env.json'),
    );
    expect(() => releaseLocations({ 'data-dir': tmp }, {}).entryBase('shell')).toThrow(/pass --entry-base/);
  });

  it('keeps the origin the registry already serves the remote from, unless told otherwise', () => {
    // With a registry, the origin the running stack serves the remote from is kept (e.g. the fault proxy).
    writeFileSync(
      path.join(tmp, 'registry.json'),
      JSON.stringify({
        schemaVersion: 1,
        remotes: { cart: { entry: 'http://localhost:5102/r1/mf-manifest.json', release: 'r1' } },
      }),
    );
    expect(releaseLocations({ 'data-dir': tmp }, {}).entryBase('cart')).toBe('http://localhost:5102');
    const b = releaseLocations({ 'entry-base': 'http://127.0.0.1:5102', registry: 'r.json' }, {});
    expect(b.entryBase('cart')).toBe('http://127.0.0.1:5102');
    expect(b.registryFile).toBe(path.resolve('r.json'));
  });
});
