// A live release built before CSS was extracted injects <style> elements, which the CSP refuses: `npm start`
// publishes the current build instead of keeping such a release live.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { injectsItsStyles } from './stack.mjs';

const dirs = /** @type {string[]} */ ([]);
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** @param {string[]} files */
function folder(files) {
  const dir = mkdtempSync(path.join(tmpdir(), 'release-'));
  dirs.push(dir);
  for (const file of files) writeFileSync(path.join(dir, file), '');
  return dir;
}

describe('a live release that injects its styles', () => {
  it('is replaced when the current build has CSS files and it has none', () => {
    const old = folder(['remoteEntry.js', 'release.json']);
    const built = folder(['remoteEntry.js', 'main.1a2b3c4d.css']);
    expect(injectsItsStyles(old, built)).toBe(true);
  });

  it('is kept when it has CSS files, or when the build has none either', () => {
    const current = folder(['remoteEntry.js', 'main.1a2b3c4d.css']);
    expect(injectsItsStyles(current, folder(['main.9f8e7d6c.css']))).toBe(false);
    expect(injectsItsStyles(folder(['remoteEntry.js']), folder(['remoteEntry.js']))).toBe(false);
    expect(injectsItsStyles(folder(['remoteEntry.js']), path.join(tmpdir(), 'no-such-build'))).toBe(false);
  });
});
