import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '../support/fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shellDist = path.join(ROOT, 'shell/dist');

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The shared singletons: the router through its narrow contract, not react-router. */
const SINGLETONS = ['react', 'react-dom', '@storefront/router'];

interface SharedEntry {
  name: string;
  assets: { js: { sync: string[]; async: string[] } };
}

test.describe('module federation', () => {
  test('the shell build contains no remote URL: the registry alone says where remotes live', async ({
    request,
    storefront,
  }) => {
    const files = readdirSync(shellDist).filter((f) => /\.(js|html|json)$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const text = readFileSync(path.join(shellDist, f), 'utf8');
      expect(text, f).not.toContain('mf-manifest.json');
      expect(text, f).not.toMatch(/localhost:\d+/);
      expect(text, f).not.toContain(':3001');
    }
    const registry = await (await request.get(`${storefront.shellUrl}/registry.json`)).json();
    // The catalog's live release, served by its host (through the fault proxy in demo mode).
    expect(registry.remotes.catalog.entry).toBe(
      `${storefront.catalogRemoteUrl}/${registry.remotes.catalog.release}/mf-manifest.json`,
    );
  });

  test('React, react-dom and the router contract are downloaded once, from the shell', async ({
    page,
    storefront,
  }) => {
    const scripts: string[] = [];
    const bodies: Promise<string>[] = [];
    page.on('response', (res) => {
      if (res.request().resourceType() !== 'script') return;
      scripts.push(res.url());
      bodies.push(res.text().catch(() => ''));
    });
    await page.goto('/');
    await expect(
      page.getByRole('region', { name: 'Products', exact: true }).getByRole('link').first(),
    ).toBeVisible();
    // Client-side navigation to a product page through the catalog's <Link> (from @storefront/router): the
    // shell's router handles it, no document is loaded again (the mark on window survives).
    await page.evaluate(() => Object.assign(window, { __samePage: true }));
    await page.getByRole('region', { name: 'Products', exact: true }).getByRole('link').first().click();
    await expect(page).toHaveURL(/\/products\//);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
    // One react-router on the page: the shell's, tree-shaken, which the contract re-exports.
    const texts = await Promise.all(bodies);
    const routers = texts.filter((t) => t.includes('You cannot render a <Router> inside another <Router>'));
    expect(routers).toHaveLength(1);

    // No remote's own copy of a shared package (listed in its manifest) is ever fetched.
    const registry = await (await fetch(`${storefront.shellUrl}/registry.json`)).json();
    const entries = Object.values(registry.remotes as Record<string, { entry: string }>).map((r) => r.entry);
    expect(entries).toHaveLength(3);
    for (const entry of entries) {
      const manifest = await (await fetch(entry)).json();
      const shared: SharedEntry[] = manifest.shared;
      const singletons = shared.filter((s) => SINGLETONS.includes(s.name));
      // react-dom is listed only if an exposed module imports it: its one user, the standalone page, is a
      // separate build since each remote's container runs on the shell's MF runtime.
      expect(
        singletons.map((s) => s.name),
        entry,
      ).toEqual(expect.arrayContaining(['react', '@storefront/router']));
      // react-router itself is not shared: a remote gets it only through the contract.
      expect(
        shared.map((s) => s.name),
        entry,
      ).not.toContain('react-router');
      const origin = new URL(entry).origin;
      for (const file of singletons.flatMap((s) => [...s.assets.js.sync, ...s.assets.js.async])) {
        expect(scripts.filter((u) => u.startsWith(origin) && u.endsWith(`/${file}`))).toEqual([]);
      }
    }
    // And the runtime says each one was loaded from the shell and is used by both.
    const share: { name: string; from: string[]; useIn: string[] }[] = await page.evaluate(() => {
      type Versions = Record<string, { from: string; useIn: string[] }>;
      type Share = Record<string, Record<string, Record<string, Versions>>>;
      const fed = (globalThis as unknown as { __FEDERATION__: { __SHARE__: Share } }).__FEDERATION__
        .__SHARE__;
      const out: { name: string; from: string[]; useIn: string[] }[] = [];
      for (const scope of Object.values(fed)) {
        for (const [name, versions] of Object.entries(scope.default ?? {})) {
          const vs = Object.values(versions);
          out.push({
            name,
            from: [...new Set(vs.map((v) => v.from))],
            useIn: [...new Set(vs.flatMap((v) => v.useIn))],
          });
        }
      }
      return out;
    });
    expect(share.map((s) => s.name)).not.toContain('react-router');
    for (const name of SINGLETONS) {
      const entries = share.filter((s) => s.name === name);
      expect([...new Set(entries.flatMap((e) => e.from))], name).toEqual(['shell']);
      // The catalog's exposed modules render with the shell's React; only its standalone page uses react-dom.
      const users = name === 'react-dom' ? ['shell'] : ['shell', 'catalog', 'cart', 'account'];
      expect(
        entries.flatMap((e) => e.useIn),
        name,
      ).toEqual(expect.arrayContaining(users));
    }
    // Within one page session no script was downloaded twice.
    expect(new Set(scripts).size).toBe(scripts.length);
  });

  test("one Module Federation runtime per page: the remote containers run on the shell's runtime-core", async ({
    page,
    storefront,
  }) => {
    const bodies: Promise<{ url: string; text: string }>[] = [];
    page.on('response', (res) => {
      if (res.request().resourceType() !== 'script') return;
      bodies.push(res.text().then((text) => ({ url: res.url(), text })));
    });
    // The home page shows the catalog's and the cart's modules and the account menu; /cart adds the cart page.
    await page.goto('/');
    await expect(
      page.getByRole('region', { name: 'Products', exact: true }).getByRole('link').first(),
    ).toBeVisible();
    await page.getByRole('link', { name: /^cart$/i }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your cart' })).toBeVisible();

    const scripts = await Promise.all(bodies);
    const registry = await (await fetch(`${storefront.shellUrl}/registry.json`)).json();
    const origins = Object.values(registry.remotes as Record<string, { entry: string }>).map(
      (r) => new URL(r.entry).origin,
    );
    // Every remote's container was loaded…
    for (const origin of origins) {
      expect(
        scripts.filter((s) => s.url.startsWith(origin) && s.url.endsWith('/remoteEntry.js')),
      ).toHaveLength(1);
    }
    // …and runtime-core (its plugin system's error text, which minification keeps) came once, from the shell.
    const marker = 'A name is required.';
    const copies = scripts.filter((s) => s.text.includes(marker)).map((s) => new URL(s.url).pathname);
    expect(copies).toEqual(['/main.js']);
    expect(scripts.reduce((n, s) => n + s.text.split(marker).length - 1, 0)).toBe(1);
    // So did webpack-bundler-runtime's functions (initializeSharing's warning text): the containers take them from
    // the shell's `_FEDERATION_BUNDLER_RUNTIME` and keep only their own state.
    const bundlerMarker = 'Initialization of sharing external failed';
    expect(scripts.filter((s) => s.text.includes(bundlerMarker)).map((s) => new URL(s.url).pathname)).toEqual(
      ['/main.js'],
    );
    const provider = await page.evaluate(
      () =>
        (globalThis as unknown as { _FEDERATION_RUNTIME_CORE_FROM?: { name: string } })
          ._FEDERATION_RUNTIME_CORE_FROM,
    );
    expect(provider?.name).toBe('shell');
  });

  test('the route’s data starts with the page: the shell asks it, the remote takes the answer (one call each)', async ({
    page,
  }) => {
    // A remote's own calls carry a `traceparent`; the shell's early calls do not (decision 017).
    const apiGets: { path: string; early: boolean }[] = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      // The API's answers, not the product images it also serves.
      if (req.resourceType() === 'fetch' && url.pathname.startsWith('/api/catalog/'))
        apiGets.push({ path: url.pathname + url.search, early: req.headers().traceparent === undefined });
    });
    // `/`: the featured strip's call, the grid's and its categories', each asked once, by the shell.
    await page.goto('/');
    const grid = page.getByRole('region', { name: 'Products', exact: true });
    await expect(grid.getByRole('link').first()).toBeVisible();
    await expect(
      page
        .getByRole('region', { name: /featured/i })
        .getByRole('link')
        .first(),
    ).toBeVisible();
    await expect(grid.getByRole('combobox', { name: /category/i }).getByRole('option')).not.toHaveCount(1);
    expect(apiGets.map((g) => g.path).sort()).toEqual([
      '/api/catalog/categories',
      '/api/catalog/products?pageSize=4&featured=true',
      '/api/catalog/products?sort=name-asc&page=1&pageSize=12',
    ]);
    expect(apiGets.every((g) => g.early)).toBe(true);

    // A product page, opened directly: its one product call, as the URL names it.
    const href = (await grid.getByRole('link').first().getAttribute('href')) ?? '';
    apiGets.length = 0;
    await page.goto(href);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(apiGets).toEqual([{ path: `/api/catalog/products/${href.split('/').pop()}`, early: true }]);

    // The grid's next page is the remote's own call.
    await page.goto('/?page=2');
    await expect(grid.getByRole('link').first()).toBeVisible();
    expect(apiGets.filter((g) => g.path.includes('page=2'))).toEqual([
      { path: '/api/catalog/products?sort=name-asc&page=2&pageSize=12', early: false },
    ]);
  });

  test("each remote's live release opens alone as its standalone page, with no shell and no shared runtime", async ({
    browser,
    storefront,
  }) => {
    const registry = await (await fetch(`${storefront.shellUrl}/registry.json`)).json();
    const checks: Record<string, RegExp> = {
      catalog: /Catalog remote/,
      cart: /Cart remote/,
      account: /Account remote/,
    };
    for (const [remote, title] of Object.entries(checks)) {
      const release = registry.remotes[remote].release as string;
      const port = await freePort();
      // The release folder served at the root, as `npm run serve -w remotes/<remote>` serves its dist.
      const host = spawn(
        process.execPath,
        [
          path.join(ROOT, 'apps/static-host/dist/cli.js'),
          ...['--root', path.join(storefront.dataDir, 'releases', remote, release)],
          ...['--port', String(port), '--name', `${remote}-standalone`, '--spa'],
          ...['--api-proxy', storefront.bffUrl],
        ],
        { stdio: 'ignore' },
      );
      const context = await browser.newContext();
      try {
        await expect(async () =>
          expect((await fetch(`http://localhost:${port}/health`)).ok).toBe(true),
        ).toPass();
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`http://localhost:${port}/`);
        const banner = page.getByRole('banner');
        await expect(banner).toContainText(title);
        await expect(banner).toContainText('standalone');
        if (remote === 'catalog') {
          await expect(
            page.getByRole('region', { name: 'Products', exact: true }).getByRole('link').first(),
          ).toBeVisible();
        }
        // Nobody provides the MF runtime here: the page is a build of its own, not the container.
        expect(await page.evaluate(() => '_FEDERATION_RUNTIME_CORE' in globalThis)).toBe(false);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
        host.kill();
      }
    }
  });

  test("each remote's CSS is a file from its own host, loaded with its exposed modules", async ({
    page,
    storefront,
  }) => {
    await page.goto('/');
    await expect(
      page.getByRole('region', { name: 'Products', exact: true }).getByRole('link').first(),
    ).toBeVisible();
    const registry = await (await fetch(`${storefront.shellUrl}/registry.json`)).json();
    const origins = Object.values(registry.remotes as Record<string, { entry: string }>).map(
      (r) => new URL(r.entry).origin,
    );
    const seen = await page.evaluate(() => ({
      // Extracted CSS (mini-css-extract-plugin): every stylesheet is a <link>ed file but the one <style> the
      // shell host composes into the page (the frame's critical CSS, allowed by its hash).
      styleElements: Array.from(document.querySelectorAll('style'), (s) =>
        s.textContent?.includes('.shell-header'),
      ),
      sheets: Array.from(document.styleSheets, (sheet) => sheet.href ?? 'inline'),
      // Each remote's own custom property, set by its stylesheet on its root element in the header or main.
      accents: [
        { selector: '.catalog-page, .catalog-featured', property: '--catalog-accent' },
        { selector: '.cart-badge', property: '--cart-accent' },
        { selector: '.account-menu', property: '--account-accent' },
      ].map(({ selector, property }) => {
        const element = document.querySelector(selector);
        return element ? getComputedStyle(element).getPropertyValue(property).trim() : `no ${selector}`;
      }),
    }));
    expect(seen.styleElements).toEqual([true]);
    expect(seen.sheets.filter((href) => href === 'inline')).toHaveLength(1);
    for (const origin of origins) {
      expect(
        seen.sheets.filter((href) => href.startsWith(`${origin}/`) && href.endsWith('.css')).length,
        origin,
      ).toBeGreaterThan(0);
    }
    expect(seen.accents).toEqual(['#2457d6', '#2457d6', '#2457d6']);
  });

  test("the catalog remote's host unreachable → the shell's fallback; the rest keeps working", async ({
    page,
    storefront,
  }) => {
    const errors: Error[] = [];
    page.on('pageerror', (e) => errors.push(e));
    await storefront.stack.stop('catalog-remote');
    try {
      await page.goto('/');
      const alerts = page.getByRole('alert').filter({ hasText: /unavailable right now/i });
      await expect(alerts.first()).toBeVisible();
      await expect(alerts.first().getByRole('button', { name: /retry/i })).toBeVisible();
      await expect(page.getByRole('banner')).toBeVisible();
      await expect(page.getByRole('contentinfo')).toBeVisible();
      // Navigation still works
      await page.getByRole('link', { name: /^cart$/i }).click();
      await expect(page).toHaveURL(/\/cart$/);
      await expect(page.getByRole('main')).toBeVisible();
      await page.getByRole('link', { name: /^catalog$/i }).click();
      await expect(alerts.first()).toBeVisible();
    } finally {
      await storefront.stack.start('catalog-remote');
    }
    // Back up: Retry loads it without a reload.
    await page
      .getByRole('alert')
      .filter({ hasText: /unavailable right now/i })
      .first()
      .getByRole('button', { name: /retry/i })
      .click();
    await expect(
      page.getByRole('region', { name: 'Products', exact: true }).getByRole('link').first(),
    ).toBeVisible();
    expect(errors).toEqual([]);
  });
});
