// `npm start` keeps each remote's live release across restarts unless the current shell cannot host it: a
// release built before the router contract shares react-router itself, and its links would need a router of
// their own on the shell's page.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readShellPackageJson } from './releases.mjs';
import { ROOT } from './run.mjs';
import { replaceReason } from './stack.mjs';

const dirs = /** @type {string[]} */ ([]);
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A release folder (or a build, without `shared`) holding a stylesheet.
 * @param {{ [name: string]: string }} [shared]
 */
function folder(shared) {
  const dir = mkdtempSync(path.join(tmpdir(), 'release-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'main.1a2b3c4d.css'), '');
  if (shared)
    writeFileSync(path.join(dir, 'release.json'), JSON.stringify({ id: '0.1.0-0123456789', shared }));
  return dir;
}

/** What the catalog remote shares today, as its package.json declares it. */
function catalogShared() {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'remotes/catalog/package.json'), 'utf8'));
  const dep = (/** @type {string} */ name) => {
    const spec = pkg.dependencies?.[name];
    if (typeof spec !== 'string') throw new Error(`remotes/catalog does not depend on ${name}`);
    return spec;
  };
  return {
    react: dep('react'),
    'react-dom': dep('react-dom'),
    '@storefront/router': dep('@storefront/router'),
  };
}

describe('a live release at `npm start`', () => {
  it('stays live when the shell can host it', async () => {
    const shell = await readShellPackageJson();
    expect(await replaceReason(folder(catalogShared()), folder(), shell)).toBeNull();
  });

  it('is replaced when it was built before the router contract (react-router shared, no @storefront/router)', async () => {
    const shell = await readShellPackageJson();
    const { '@storefront/router': _router, ...framework } = catalogShared();
    const before = folder({ ...framework, 'react-router': '7.18.6' });
    expect(await replaceReason(before, folder(), shell)).toMatch(
      /^the shell refuses it: @storefront\/router: .*shares react-router/,
    );
  });

  it('is replaced when the shell provides an older router contract than it requires', async () => {
    const shell = { dependencies: { ...catalogShared(), '@storefront/router': '1.0.0' } };
    const newer = folder({ ...catalogShared(), '@storefront/router': '^1.1.0' });
    expect(await replaceReason(newer, folder(), shell)).toMatch(
      /requires \^1\.1\.0, the shell provides 1\.0\.0/,
    );
  });

  it('is replaced when it injects its styles and the build has CSS files', async () => {
    const shell = await readShellPackageJson();
    const old = folder(catalogShared());
    rmSync(path.join(old, 'main.1a2b3c4d.css'));
    expect(await replaceReason(old, folder(), shell)).toBe('it injects its styles');
  });
});
