import { describe, expect, it } from 'vitest';
import { addonDir, probeAddon } from './sqlite-addon.mjs';

describe('better-sqlite3 on this Node', () => {
  it('survives V8 collecting closed databases and statements (Node 24.19–24.21 aborts otherwise)', () => {
    const dir = addonDir();
    expect(dir).not.toBeNull();
    expect(probeAddon(/** @type {string} */ (dir))).toEqual({ ok: true });
  });
});
