import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MONOLITH_DIST } from '../monolith/paths.mjs';
import { LIBRARY_MARKERS, scriptStats, summarise } from './federation.mjs';

describe('federation figures', () => {
  it('sums raw and gzip bytes and counts library copies by their markers', () => {
    const a = Buffer.from(
      `var x=1;throw Error("${LIBRARY_MARKERS.react}");"${LIBRARY_MARKERS['react-dom']}"`,
    );
    const b = Buffer.from('console.log("remote chunk")');
    const stats = scriptStats([a, b]);
    expect(stats).toMatchObject({ jsRequests: 2, jsBytes: a.length + b.length });
    expect(stats.copies).toEqual({ react: 1, 'react-dom': 1, 'react-router': 0 });
    expect(stats.jsGzipBytes).toBe(gzipSync(a, { level: 6 }).length + gzipSync(b, { level: 6 }).length);
    expect(scriptStats([a, a]).copies.react).toBe(2);
  });

  // The monolith is built by `npm run bench`, not by `npm test`: shown as skipped when it is absent.
  it.skipIf(!existsSync(MONOLITH_DIST))('finds each marker exactly once in the monolith build', () => {
    const files = readdirSync(MONOLITH_DIST).filter((f) => f.endsWith('.js'));
    const stats = scriptStats(files.map((f) => readFileSync(path.join(MONOLITH_DIST, f))));
    expect(stats.copies).toEqual({ react: 1, 'react-dom': 1, 'react-router': 1 });
  });

  it('takes medians over loads, skips a missing LCP and keeps the worst React count', () => {
    const load = (/** @type {number | null} */ lcpMs, /** @type {number} */ react) => ({
      requests: 10,
      jsRequests: 4,
      jsBytes: 1000,
      jsGzipBytes: 300,
      lcpMs,
      dclMs: lcpMs ?? 50,
      copies: { react, 'react-dom': 1, 'react-router': 1 },
    });
    const s = summarise([load(100, 1), load(null, 1), load(300, 2)]);
    expect(s).toMatchObject({ loads: 3, requests: 10, jsGzipBytes: 300, lcpMs: 200 });
    expect(s.copies).toEqual({ react: 2, 'react-dom': 1, 'react-router': 1 });
  });
});
