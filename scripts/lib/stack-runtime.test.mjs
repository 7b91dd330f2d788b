// `npm start` keeps a remote's live release only if the current shell can host it: a container built for the
// shell's MF runtime-core is replaced when the shell provides another minor or none; a release carrying its own
// runtime (built before the shared runtime) stays.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cannotHost } from './stack.mjs';

const SHARED = { react: '19.3.1', 'react-dom': '19.3.1', '@storefront/router': '^1.0.0' };
const SHELL = { dependencies: SHARED };

const dirs = /** @type {string[]} */ ([]);
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** @param {Record<string, unknown>} extra fields of release.json besides id and shared */
function release(extra) {
  const dir = mkdtempSync(path.join(tmpdir(), 'live-release-'));
  dirs.push(dir);
  writeFileSync(
    path.join(dir, 'release.json'),
    JSON.stringify({ id: '0.1.0-abcdef0123', shared: SHARED, ...extra }),
  );
  return dir;
}

describe('a live release at start', () => {
  it('on the shell runtime is kept by a shell providing the same minor', async () => {
    expect(
      await cannotHost(release({ mfRuntime: '2.9.3' }), { packageJson: SHELL, runtime: '2.9.3' }),
    ).toEqual([]);
  });

  it('on the shell runtime is replaced when the shell provides another minor, or none', async () => {
    const dir = release({ mfRuntime: '2.9.3' });
    expect(await cannotHost(dir, { packageJson: SHELL, runtime: '2.10.0' })).toEqual([
      'mf-runtime: release 0.1.0-abcdef0123 needs runtime-core 2.9.x (built with 2.9.3), the shell provides 2.10.0',
    ]);
    expect(await cannotHost(dir, { packageJson: SHELL, runtime: null })).toHaveLength(1);
  });

  it('carrying its own runtime is kept whatever runtime the shell provides', async () => {
    const dir = release({});
    expect(await cannotHost(dir, { packageJson: SHELL, runtime: null })).toEqual([]);
    expect(await cannotHost(dir, { packageJson: SHELL, runtime: '2.9.3' })).toEqual([]);
  });
});
