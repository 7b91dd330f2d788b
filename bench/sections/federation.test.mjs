import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { classifyModule, fileKinds, readFileKinds, splitBytes, sumKinds } from '../lib/bundle-kinds.mjs';
import { MONOLITH_DIST, MONOLITH_STATS } from '../monolith/paths.mjs';
import {
  bytesByKind,
  LIBRARY_MARKERS,
  requestKind,
  requestsBeforePaint,
  scriptStats,
  summarise,
} from './federation-load.mjs';
import { kindLine, lighthouseMedian, pageRows } from './federation-report.mjs';

/** @param {Partial<import('./federation-load.mjs').PageLoad>} over */
const load = (over = {}) => ({
  requests: 10,
  jsRequests: 4,
  jsBytes: 1000,
  jsGzipBytes: 300,
  lcpMs: 100,
  fcpMs: 80,
  dclMs: 50,
  copies: { react: 1, 'react-dom': 1, 'react-router': 1 },
  beforePaint: { document: 1, script: 3 },
  gzipByKind: { framework: 200, shell: 100 },
  ...over,
});

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
    const s = summarise([
      load({ lcpMs: 100 }),
      load({ lcpMs: null, beforePaint: { document: 1, script: 5, css: 1 } }),
      load({ lcpMs: 300, copies: { react: 2, 'react-dom': 1, 'react-router': 1 } }),
    ]);
    expect(s).toMatchObject({ loads: 3, requests: 10, jsGzipBytes: 300, lcpMs: 200 });
    expect(s.copies).toEqual({ react: 2, 'react-dom': 1, 'react-router': 1 });
    // A kind missing from a load counts as 0 there.
    expect(s.beforePaint).toEqual({ document: 1, script: 3, css: 0 });
  });
});

describe('requests before first paint', () => {
  const at = (/** @type {string} */ name, /** @type {string} */ initiatorType, startTime = 0) => ({
    name,
    initiatorType,
    startTime,
  });

  it('sorts requests by kind', () => {
    expect(requestKind({ ...at('http://a/', 'navigation'), entryType: 'navigation' })).toBe('document');
    expect(requestKind(at('http://a/main.js', 'script'))).toBe('script');
    expect(requestKind(at('http://a/68.379b9727.css', 'link'))).toBe('css');
    expect(requestKind(at('http://a/api/catalog/products?page=1', 'fetch'))).toBe('data');
    expect(requestKind(at('http://b:4101/mf-manifest.json', 'other'))).toBe('data');
    expect(requestKind(at('http://a/favicon.ico', 'other'))).toBe('other');
  });

  it('counts only what started before the paint', () => {
    const entries = [
      { ...at('http://a/', 'navigation', 0), entryType: 'navigation' },
      at('http://a/main.js', 'script', 5),
      at('http://a/registry.json', 'fetch', 40),
      at('http://a/api/cart', 'fetch', 120),
    ];
    expect(requestsBeforePaint(entries, 100)).toEqual({ document: 1, script: 1, css: 0, data: 1, other: 0 });
    expect(requestsBeforePaint(entries, null).data).toBe(2);
  });
});

describe('bytes by kind', () => {
  it('classifies modules by package and by whose build they are in', () => {
    expect(classifyModule('webpack/runtime/jsonp chunk loading', 'remote')).toBe('mf-runtime');
    expect(classifyModule('../node_modules/@module-federation/runtime-core/dist/index.js', 'shell')).toBe(
      'mf-runtime',
    );
    expect(classifyModule('consume shared module (default) react@19.3.1 (singleton)', 'remote')).toBe(
      'mf-runtime',
    );
    expect(classifyModule('../node_modules/scheduler/index.js', 'shell')).toBe('framework');
    expect(classifyModule('../node_modules/react-dom/client.js', 'monolith')).toBe('framework');
    expect(classifyModule('../node_modules/react-router/dist/production/index.mjs', 'remote')).toBe('router');
    expect(classifyModule('../../packages/router/src/index.ts', 'remote')).toBe('router');
    expect(classifyModule('./src/app.tsx', 'remote')).toBe('remote');
    expect(classifyModule('./src/app.tsx', 'shell')).toBe('shell');
    expect(classifyModule('../../remotes/cart/src/cart-page.tsx', 'monolith')).toBe('remote');
    expect(classifyModule('../../packages/remote-kit/src/mount.tsx', 'monolith')).toBe('remote');
    expect(classifyModule('../../shell/src/app.tsx', 'monolith')).toBe('shell');
  });

  it('adds each file the source bytes of its chunks, concatenated modules part by part, CSS left out', () => {
    const stats = {
      chunks: [
        {
          files: ['main.js'],
          modules: [
            { name: 'webpack/runtime/load script', size: 100, sizes: { runtime: 100 } },
            {
              name: './src/index.ts + 1 modules',
              size: 300,
              modules: [
                { name: './src/index.ts', size: 200, sizes: { javascript: 200 } },
                { name: '../node_modules/react/index.js', size: 100, sizes: { javascript: 100 } },
              ],
            },
          ],
        },
        {
          files: ['1.abc.css'],
          modules: [{ name: 'css ./src/a.css', size: 50, sizes: { 'css/mini-extract': 50 } }],
        },
      ],
    };
    const files = fileKinds(stats, 'shell');
    expect(files.get('main.js')).toEqual({ 'mf-runtime': 100, shell: 200, framework: 100 });
    expect(files.has('1.abc.css')).toBe(false);
  });

  it("reads a remote's two compilations (container, then standalone page) from a multi-compiler build", () => {
    /** @param {string} name @param {string[]} files */
    const child = (name, files) => ({
      name,
      chunks: files.map((file) => ({
        files: [file],
        modules: [{ name: `./src/${name}.tsx`, size: 10, sizes: { javascript: 10 } }],
      })),
    });
    const stats = {
      children: [
        child('catalog', ['remoteEntry.js', 'shared.js']),
        child('catalog-standalone', ['main.js', 'shared.js']),
      ],
    };
    const files = fileKinds(stats, 'remote');
    expect([...files.keys()].sort()).toEqual(['main.js', 'remoteEntry.js', 'shared.js']);
    expect(files.get('remoteEntry.js')).toEqual({ remote: 10 });
    expect(files.get('shared.js')).toEqual({ remote: 10 });
  });

  it('splits a file in proportion and keeps unknown files as unattributed', () => {
    expect(splitBytes(100, { framework: 300, shell: 100 })).toEqual({ framework: 75, shell: 25 });
    expect(splitBytes(100, undefined)).toEqual({ unattributed: 100 });
    const js = Buffer.from('x'.repeat(1000));
    const css = Buffer.from('a{color:red}');
    const byKind = bytesByKind(
      [
        { url: 'http://a/main.js', body: js, css: false },
        { url: 'http://a/1.css', body: css, css: true },
      ],
      (url) => (url.endsWith('main.js') ? { framework: 1, shell: 1 } : undefined),
    );
    const jsGzip = gzipSync(js, { level: 6 }).length;
    expect(byKind).toEqual({
      framework: jsGzip / 2,
      shell: jsGzip / 2,
      css: gzipSync(css, { level: 6 }).length,
    });
  });

  // The monolith's stats come with its build (`npm run bench`): skipped when absent.
  it.skipIf(!existsSync(MONOLITH_STATS))('finds every script of the monolith build in its stats', () => {
    const kinds = readFileKinds(MONOLITH_STATS, 'monolith');
    const scripts = readdirSync(MONOLITH_DIST).filter((f) => f.endsWith('.js'));
    for (const f of scripts) expect(kinds.get(f), f).toBeDefined();
    const total = sumKinds([...kinds.values()]);
    for (const kind of ['framework', 'router', 'remote', 'shell'])
      expect(total[kind], kind).toBeGreaterThan(0);
    // No MF in the monolith: only webpack's own runtime modules count as runtime, a few KiB.
    expect(total['mf-runtime']).toBeLessThan(20_000);
  });
});

describe('report rows', () => {
  it('prints counts in order with their total', () => {
    expect(kindLine({ script: 3, document: 1 }, ['document', 'script', 'css'])).toBe('1 · 3 · 0 (4)');
  });

  it('takes Lighthouse medians, skipping missing figures', () => {
    const run = (/** @type {number | null} */ score) => ({ score, fcpMs: 1, lcpMs: 900, tbtMs: 10 });
    expect(lighthouseMedian([run(90), run(null), run(98)])).toMatchObject({ score: 94, lcpMs: 900 });
  });

  it('budgets bytes and LCP on budgeted pages, and the desktop Lighthouse score of the federated build', () => {
    const fed = summarise([load({ jsGzipBytes: 450, lcpMs: 105 })]);
    const mono = summarise([load({ jsGzipBytes: 300, lcpMs: 100 })]);
    const lh = (/** @type {number} */ score) => [{ score, fcpMs: 1, lcpMs: 1, tbtMs: 1 }];
    const lighthouse = {
      federated: { mobile: lh(70), desktop: lh(94) },
      monolith: { mobile: lh(90), desktop: lh(100) },
    };
    const { rows, budgets } = pageRows({ name: '/', budgeted: true, fed, mono, lighthouse });
    expect(budgets.map((b) => [b.name, b.value, b.pass])).toEqual([
      ['/ gzip JS federated ÷ monolith', 1.5, false],
      ['/ LCP federated ÷ monolith', 1.05, true],
      ['/ Lighthouse desktop performance, federated', 94, false],
    ]);
    expect(budgets[2]?.op).toBe('≥');
    const byKind = rows.find((r) => r.measure.startsWith('/ gzip KiB by kind'));
    expect(byKind?.measure).not.toContain('unattributed');
    expect(rows.find((r) => r.measure.startsWith('/ Lighthouse desktop'))?.text).toBe(
      '94 (1 · 1) / 100 (1 · 1)',
    );
    const cart = pageRows({ name: '/cart', budgeted: false, fed, mono, lighthouse: null });
    expect(cart.budgets).toEqual([]);
  });
});
