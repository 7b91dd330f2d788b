import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '../support/fixtures.js';

const shellDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shell/dist');

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

  test('React, react-dom and react-router are downloaded once, from the shell', async ({
    page,
    storefront,
  }) => {
    const scripts: string[] = [];
    page.on('response', (res) => {
      if (res.request().resourceType() === 'script') scripts.push(res.url());
    });
    await page.goto('/');
    await expect(
      page.getByRole('region', { name: 'Products', exact: true }).getByRole('link').first(),
    ).toBeVisible();
    // Client-side navigation to a product page: one page session, one set of downloads.
    await page.getByRole('region', { name: 'Products', exact: true }).getByRole('link').first().click();
    await expect(page).toHaveURL(/\/products\//);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

    // No remote's own copy of a shared package (listed in its manifest) is ever fetched.
    const registry = await (await fetch(`${storefront.shellUrl}/registry.json`)).json();
    const entries = Object.values(registry.remotes as Record<string, { entry: string }>).map((r) => r.entry);
    expect(entries).toHaveLength(3);
    for (const entry of entries) {
      const manifest = await (await fetch(entry)).json();
      const shared: SharedEntry[] = manifest.shared;
      const singletons = shared.filter((s) => ['react', 'react-dom', 'react-router'].includes(s.name));
      expect(singletons.map((s) => s.name).sort(), entry).toEqual(['react', 'react-dom', 'react-router']);
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
    for (const name of ['react', 'react-dom', 'react-router']) {
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
