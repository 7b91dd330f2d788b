import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { MIN_BYTES, precompressDir } from './precompress.mjs';

describe('precompressDir', () => {
  /** @type {string[]} */
  const dirs = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('writes .br and .gz beside text files big enough, in sub-folders too, and leaves the rest alone', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'precompress-'));
    dirs.push(dir);
    const big = `console.log(${JSON.stringify('storefront '.repeat(300))});`;
    mkdirSync(path.join(dir, 'release'));
    writeFileSync(path.join(dir, 'main.js'), big);
    writeFileSync(path.join(dir, 'release', 'mf-manifest.json'), JSON.stringify({ pad: 'x'.repeat(2000) }));
    writeFileSync(path.join(dir, 'tiny.css'), 'body{margin:0}');
    writeFileSync(path.join(dir, 'photo.png'), Buffer.alloc(MIN_BYTES * 2));

    const totals = await precompressDir(dir);

    expect(totals.files).toBe(2);
    expect(brotliDecompressSync(readFileSync(path.join(dir, 'main.js.br'))).toString()).toBe(big);
    expect(gunzipSync(readFileSync(path.join(dir, 'main.js.gz'))).toString()).toBe(big);
    expect(existsSync(path.join(dir, 'release', 'mf-manifest.json.br'))).toBe(true);
    expect(existsSync(path.join(dir, 'tiny.css.br'))).toBe(false);
    expect(existsSync(path.join(dir, 'photo.png.br'))).toBe(false);
    expect(totals.br).toBeLessThan(totals.bytes / 4);
  });
});
