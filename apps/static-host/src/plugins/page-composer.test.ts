import { createHash } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EARLY_DATA_ELEMENT_ID } from '@storefront/contract';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { build } from '../app.js';
import { createTempRoot, type TempRoot } from '../test-support/temp-root.js';
import { hintsFromManifest } from './manifest-hints.js';
import { escapeJsonForHtml, PageComposer, REGISTRY_ELEMENT_ID } from './page-composer.js';

const HTML = 'text/html,application/xhtml+xml,*/*;q=0.8';
const R1 = '0.1.0-1111111111';
const R2 = '0.2.0-2222222222';

/** An mf-manifest.json as @module-federation/enhanced 2.9.3 writes it (only the fields the host reads). */
function manifest(tag: string): string {
  const expose = (name: string, js: string[], css: string[]) => ({
    id: `catalog:${name}`,
    name,
    path: `./${name}`,
    assets: { js: { sync: js, async: [`lazy-${tag}.js`] }, css: { sync: css, async: [] } },
  });
  return JSON.stringify({
    metaData: { name: 'catalog', publicPath: 'auto', remoteEntry: { name: 'remoteEntry.js', path: '' } },
    exposes: [
      expose('CatalogPage', [`shared.${tag}.js`, `page.${tag}.js`], [`styles.${tag}.css`]),
      expose('ProductDetail', [`shared.${tag}.js`, `detail.${tag}.js`], [`styles.${tag}.css`]),
      expose('FeaturedProducts', [`shared.${tag}.js`, `featured.${tag}.js`], [`styles.${tag}.css`]),
    ],
  });
}

const CRITICAL_CSS = '.shell-header{position:sticky}';

/** A release's early-data.json, with one template the host must refuse. */
const EARLY_DATA = JSON.stringify({
  schemaVersion: 1,
  modules: {
    './ProductDetail': ['/api/catalog/products/{id}', 'https://elsewhere.test/api/x'],
    './CatalogPage': [{ path: '/api/catalog/products?page=1', query: 'none' }, '/api/catalog/categories'],
    './FeaturedProducts': ['/api/catalog/products?featured=true', '/api/catalog/products/{slug}'],
  },
});

/** The page's early-data block, as the shell reads it. */
function earlyBlock(html: string): unknown {
  const match = new RegExp(
    `<script type="application/json" id="${EARLY_DATA_ELEMENT_ID}">(.*?)</script>`,
  ).exec(html);
  return match ? JSON.parse(match[1] ?? '') : undefined;
}

/** The shell's dist: the built page and the build's compose.json. */
const SHELL_FILES = {
  'index.html':
    '<!doctype html><html><head><title>Storefront</title><script defer="defer" src="/main.js"></script></head>' +
    '<body><div id="root"></div></body></html>',
  'main.js': 'console.log("main")',
  'compose.json': JSON.stringify({
    schemaVersion: 1,
    shell: { scripts: ['/463.aaaaaaaa.js'], styles: ['/66.bbbbbbbb.css'] },
    frame: [{ remote: 'cart', module: './CartBadge' }],
    routes: [
      {
        path: '/',
        modules: [
          { remote: 'catalog', module: './FeaturedProducts' },
          { remote: 'catalog', module: './CatalogPage' },
        ],
      },
      { path: '/products/:id', modules: [{ remote: 'catalog', module: './ProductDetail' }] },
      { path: '/cart', modules: [{ remote: 'cart', module: './CartPage' }] },
    ],
    criticalCss: CRITICAL_CSS,
  }),
};

/** Switches the file the way the deploy tooling does: write aside, then rename over. */
function switchAtomically(file: string, content: string): void {
  writeFileSync(`${file}.next`, content);
  renameSync(`${file}.next`, file);
}

/** The page's inlined registry, as the shell reads it. */
function inlinedRegistry(html: string): unknown {
  const match = new RegExp(`<script type="application/json" id="${REGISTRY_ELEMENT_ID}">(.*?)</script>`).exec(
    html,
  );
  return match ? JSON.parse(match[1] ?? '') : undefined;
}

function preloads(html: string): string[] {
  return [...html.matchAll(/<link rel="preload" as="(\w+)" href="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`);
}

describe('escapeJsonForHtml', () => {
  it('leaves nothing that could end the data block or start markup, and parses back to the same value', () => {
    const value = { release: '</script><script>alert(1)</script>', amp: 'a&b', ls: '\u2028\u2029' };
    const escaped = escapeJsonForHtml(JSON.stringify(value));
    expect(escaped).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(escaped)).toEqual(value);
  });
});

describe('hintsFromManifest', () => {
  it('resolves the entry and each exposed module’s sync chunks against the manifest (publicPath auto)', () => {
    const hints = hintsFromManifest(`http://c.test:1/${R1}/mf-manifest.json`, JSON.parse(manifest('x')));
    expect(hints.entry).toBe(`http://c.test:1/${R1}/remoteEntry.js`);
    expect(hints.modules.get('./ProductDetail')).toEqual({
      scripts: [`http://c.test:1/${R1}/shared.x.js`, `http://c.test:1/${R1}/detail.x.js`],
      styles: [`http://c.test:1/${R1}/styles.x.css`],
    });
  });

  it('keeps only URLs on the manifest’s origin and refuses what is not a manifest', () => {
    const doc = JSON.parse(manifest('x'));
    doc.exposes[0].assets.js.sync.push('https://elsewhere.test/evil.js', '//elsewhere.test/evil2.js');
    const hints = hintsFromManifest('http://c.test/r/mf-manifest.json', doc);
    expect(hints.modules.get('./CatalogPage')?.scripts.every((u) => u.startsWith('http://c.test/'))).toBe(
      true,
    );
    expect(() => hintsFromManifest('http://c.test/m.json', { exposes: [] })).toThrow(/not an mf-manifest/);
    doc.metaData.publicPath = 'https://elsewhere.test/';
    expect(() => hintsFromManifest('http://c.test/r/mf-manifest.json', doc)).toThrow(/own origin/);
  });
});

describe('the composed page (shell host + a real remote host)', () => {
  let releases: TempRoot;
  let shellRoot: TempRoot;
  let data: TempRoot;
  let remote: FastifyInstance;
  let shell: FastifyInstance;
  let registryFile: string;
  let base: string;

  const registry = (release: string) =>
    JSON.stringify({
      schemaVersion: 1,
      remotes: {
        catalog: { entry: `${base}/${release}/mf-manifest.json`, release },
        // No such release: its manifest cannot be read.
        cart: { entry: `${base}/0.0.0-0000000000/mf-manifest.json`, release: '0.0.0-0000000000' },
      },
    });
  const page = (url: string) => shell.inject({ url, headers: { accept: HTML } });

  beforeAll(async () => {
    releases = createTempRoot({
      [`${R1}/release.json`]: '{}',
      [`${R1}/mf-manifest.json`]: manifest('r1'),
      [`${R1}/early-data.json`]: EARLY_DATA,
      // R2 was built before early data: no early-data.json.
      [`${R2}/release.json`]: '{}',
      [`${R2}/mf-manifest.json`]: manifest('r2'),
    });
    remote = build({ root: releases.dir, name: 'catalog', cors: true, spa: false, logger: false });
    await remote.listen({ port: 0, host: '127.0.0.1' });
    const address = remote.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    shellRoot = createTempRoot(SHELL_FILES);
    data = createTempRoot({});
    registryFile = join(data.dir, 'registry.json');
    switchAtomically(registryFile, registry(R1));
    shell = build({
      root: shellRoot.dir,
      name: 'shell',
      cors: false,
      spa: true,
      registryFile,
      logger: false,
    });
    await shell.ready();
  });

  afterAll(async () => {
    await shell.close();
    await remote.close();
    for (const dir of [releases, shellRoot, data]) dir.remove();
  });

  it('inlines the registry and preloads what `/` needs from the live release and the shell', async () => {
    const res = await page('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toBe('no-cache');
    // The catalog's script beside its manifest; the cart's manifest cannot be read: its entry as it was.
    const inlined = JSON.parse(registry(R1));
    inlined.remotes.catalog.remoteEntry = `${base}/${R1}/remoteEntry.js`;
    expect(inlinedRegistry(res.body)).toEqual(inlined);
    // No manifest preload: the page never fetches a manifest the host could read.
    expect(preloads(res.body)).toEqual([
      'style /66.bbbbbbbb.css',
      'script /463.aaaaaaaa.js',
      `script ${base}/${R1}/remoteEntry.js`,
      `style ${base}/${R1}/styles.r1.css`,
      `script ${base}/${R1}/shared.r1.js`,
      `script ${base}/${R1}/featured.r1.js`,
      `script ${base}/${R1}/page.r1.js`,
    ]);
    // `/index.html` is the same page.
    expect((await page('/index.html')).body).toBe(res.body);
  });

  it('gives each route its own hints (a product page: ProductDetail, not the catalog page)', async () => {
    const product = preloads((await page('/products/yoga-mat')).body);
    expect(product).toContain(`script ${base}/${R1}/detail.r1.js`);
    expect(product).not.toContain(`script ${base}/${R1}/page.r1.js`);
    // The cart's manifest cannot be read: no hints for it, the page still works.
    const cart = await page('/cart');
    expect(cart.statusCode).toBe(200);
    expect(preloads(cart.body)).toEqual(['style /66.bbbbbbbb.css', 'script /463.aaaaaaaa.js']);
    expect(inlinedRegistry(cart.body)).toMatchObject({
      remotes: { cart: { entry: `${base}/0.0.0-0000000000/mf-manifest.json` } },
    });
    expect(inlinedRegistry(cart.body)).not.toHaveProperty('remotes.cart.remoteEntry');
  });

  it('lists the GETs the route’s modules make first, from the live release’s early-data.json (decision 017)', async () => {
    // Filled in from the URL as asked (the case of a slug kept), and nothing else on this page.
    expect(earlyBlock((await page('/products/Yoga-Mat')).body)).toEqual(['/api/catalog/products/Yoga-Mat']);
    // `/`: both modules' calls, in the route's order; a template naming a parameter `/` does not have is left out;
    // with a query, the grid's default-page call is not started (the grid asks for another page).
    expect(earlyBlock((await page('/')).body)).toEqual([
      '/api/catalog/products?featured=true',
      '/api/catalog/products?page=1',
      '/api/catalog/categories',
    ]);
    expect(earlyBlock((await page('/?q=lamp')).body)).toEqual([
      '/api/catalog/products?featured=true',
      '/api/catalog/categories',
    ]);
    // Each page its own validator.
    const [a, b] = await Promise.all([page('/products/a'), page('/products/b')]);
    expect(a.headers.etag).not.toBe(b.headers.etag);
    // A route whose modules declare nothing (the cart's release cannot be read here): no block.
    expect(earlyBlock((await page('/cart')).body)).toBeUndefined();
    // A release built before early data (no file): its pages start nothing early, and still compose.
    switchAtomically(registryFile, registry(R2));
    try {
      const res = await page('/products/yoga-mat');
      expect(res.statusCode).toBe(200);
      expect(earlyBlock(res.body)).toBeUndefined();
      expect(preloads(res.body)).toContain(`script ${base}/${R2}/detail.r2.js`);
    } finally {
      switchAtomically(registryFile, registry(R1));
    }
  });

  it('inlines the frame CSS, allowed by exactly its hash (never unsafe-inline)', async () => {
    const res = await page('/');
    expect(res.body).toContain(`<style>${CRITICAL_CSS}</style>`);
    const styleSrc = /style-src ([^;]*)/.exec(String(res.headers['content-security-policy']))?.[1] ?? '';
    const hash = createHash('sha256').update(CRITICAL_CSS).digest('base64');
    expect(styleSrc.split(' ')).toContain(`'sha256-${hash}'`);
    expect(styleSrc).not.toContain('unsafe-inline');
    expect(String(res.headers['content-security-policy'])).not.toMatch(
      /script-src[^;]*(unsafe-inline|sha256)/,
    );
  });

  it('is revalidated by its ETag', async () => {
    const first = await page('/');
    const again = await shell.inject({
      url: '/',
      headers: { accept: HTML, 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('after a registry switch the next page names only the new release', async () => {
    switchAtomically(registryFile, registry(R2));
    const res = await page('/');
    expect(inlinedRegistry(res.body)).toMatchObject({ remotes: { catalog: { release: R2 } } });
    expect(preloads(res.body)).toContain(`script ${base}/${R2}/remoteEntry.js`);
    expect(res.body).not.toContain(R1);
    switchAtomically(registryFile, registry(R1));
    expect((await page('/')).body).not.toContain(R2);
  });

  it('without the build’s compose.json: the registry still, no hints, no inline style, no hash', async () => {
    rmSync(join(shellRoot.dir, 'compose.json'));
    try {
      const res = await page('/products/x');
      expect(inlinedRegistry(res.body)).toMatchObject({ remotes: { catalog: { release: R1 } } });
      expect(preloads(res.body)).toEqual([]);
      expect(res.body).not.toContain('<style>');
      expect(String(res.headers['content-security-policy'])).not.toContain('sha256');
    } finally {
      writeFileSync(join(shellRoot.dir, 'compose.json'), SHELL_FILES['compose.json']);
    }
  });
});

describe('PageComposer, a manifest that cannot be read', () => {
  it('gives no hints for that remote, then a later page reads it again (in the background)', async () => {
    const root = createTempRoot(SHELL_FILES);
    const data = createTempRoot({});
    const registryFile = join(data.dir, 'registry.json');
    const entry = `http://c.test/${R1}/mf-manifest.json`;
    writeFileSync(
      registryFile,
      JSON.stringify({ schemaVersion: 1, remotes: { catalog: { entry, release: R1 } } }),
    );
    let up = false;
    const asked: string[] = [];
    const composer = new PageComposer({
      root: root.dir,
      registryFile,
      // A silent logger.
      log: Fastify({ logger: false }).log,
      retryAfterMs: 0,
      fetchHints: async (url) => {
        asked.push(url);
        if (!up) throw new Error('connect ECONNREFUSED');
        return hintsFromManifest(url, JSON.parse(manifest('r1')));
      },
    });
    try {
      const first = await composer.page('/');
      expect(first?.html).not.toContain('remoteEntry.js');
      expect(first?.html).toContain(`"release":"${R1}"`);
      up = true;
      await vi.waitFor(async () => {
        expect((await composer.page('/'))?.html).toContain(`href="http://c.test/${R1}/remoteEntry.js"`);
      });
      const reads = asked.length;
      // Read once it worked: pages no longer ask for it.
      await composer.page('/');
      await composer.page('/products/x');
      expect(asked).toHaveLength(reads);
    } finally {
      root.remove();
      data.remove();
    }
  });
});
