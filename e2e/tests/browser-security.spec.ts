import type { APIRequestContext } from '@playwright/test';
import { expect, test, untilAllBreakersClosed } from '../support/fixtures.js';
import { cspViolations, watchPageProblems } from '../support/page-checks.js';

/** The page of the catalog's first product. */
async function firstProductPath(request: APIRequestContext, shellUrl: string): Promise<string> {
  const body = await (await request.get(`${shellUrl}/api/catalog/products`)).json();
  return `/products/${encodeURIComponent(body.items[0].slug)}`;
}

// The shell's CSP allows exactly what the storefront loads: no page reports a violation or logs an error.
test.describe('browser side: CSP, headers, compression', () => {
  test('no CSP violation nor console error on /, a product page, /cart, /checkout, /signin, /account and /ops', async ({
    page,
    request,
    storefront,
  }) => {
    await request.delete(`${storefront.shellUrl}/api/faults`);
    await untilAllBreakersClosed(request, storefront.shellUrl);
    const { consoleErrors, consoleWarnings } = await watchPageProblems(page);
    const violations: string[] = [];
    const check = async (what: string) => {
      for (const v of await cspViolations(page))
        violations.push(`${what}: ${v.directive} ${v.blocked} (${v.source})`);
    };

    await page.goto('/');
    const grid = page.getByRole('region', { name: 'Products', exact: true });
    await expect(grid.getByRole('link').first()).toBeVisible();
    await check('/');

    const name = (await grid.getByRole('heading', { level: 2 }).first().textContent()) ?? '';
    await page.goto('/');
    await grid.getByRole('link', { name }).first().click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    // Product images are same-origin (/api/catalog/images/*): they load under img-src 'self'.
    await expect(page.getByRole('main').getByRole('img').first()).toBeVisible();
    await check('product page');

    await page.goto('/');
    await grid
      .getByRole('button', { name: /^add to cart: .+$/i })
      .first()
      .click();
    await expect(
      grid
        .getByRole('status')
        .filter({ hasText: /added to cart/i })
        .first(),
    ).toBeVisible();
    await page.goto('/cart');
    await expect(page.getByRole('list', { name: 'Items in your cart' })).toBeVisible();
    await check('/cart');

    await page.goto('/checkout');
    await expect(page.getByRole('heading', { level: 1, name: /checkout/i })).toBeVisible();
    await check('/checkout');

    await page.goto('/signin');
    await expect(page.getByLabel(/password/i)).toBeVisible();
    await check('/signin');

    await page.goto('/account');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await check('/account');

    await page.goto('/ops');
    // The SSE stream (connect-src 'self') is live.
    await expect(page.getByRole('status').filter({ hasText: /live/i })).toBeVisible();
    await check('/ops');

    expect(violations).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(consoleWarnings).toEqual([]);
  });

  test('the composed page: the live registry inlined, every preload hint used (no warning) on /, a product, /cart and /ops', async ({
    page,
    request,
    storefront,
  }) => {
    await request.delete(`${storefront.shellUrl}/api/faults`);
    await untilAllBreakersClosed(request, storefront.shellUrl);
    const { consoleErrors, consoleWarnings } = await watchPageProblems(page);
    const product = await firstProductPath(request, storefront.shellUrl);
    const live = await (await request.get(`${storefront.shellUrl}/registry.json`)).json();
    const grid = page.getByRole('region', { name: 'Products', exact: true });
    const pages: Array<[string, () => Promise<void>]> = [
      ['/', () => expect(grid.getByRole('link').first()).toBeVisible()],
      [product, () => expect(page.getByRole('heading', { level: 1 })).toBeVisible()],
      ['/cart', () => expect(page.getByRole('heading', { level: 1, name: 'Your cart' })).toBeVisible()],
      ['/ops', () => expect(page.getByRole('status').filter({ hasText: /live/i })).toBeVisible()],
    ];
    for (const [path, shown] of pages) {
      await page.goto(path);
      await shown();
      const seen = await page.evaluate(() => ({
        registry: JSON.parse(document.getElementById('storefront-registry')?.textContent ?? 'null'),
        preloads: Array.from(
          document.querySelectorAll('link[rel="preload"]'),
          (l) => (l as HTMLLinkElement).href,
        ),
      }));
      // The live registry, each remote with the remoteEntry.js its manifest names beside it (the host read them).
      expect(seen.registry, path).toEqual({
        ...live,
        remotes: Object.fromEntries(
          Object.entries(live.remotes as Record<string, { entry: string }>).map(([name, remote]) => [
            name,
            { ...remote, remoteEntry: remote.entry.replace(/mf-manifest\.json$/, 'remoteEntry.js') },
          ]),
        ),
      });
      expect(seen.preloads.length, path).toBeGreaterThan(0);
      // Chromium warns about a preload left unused 3 s after the load event: give it the time to say so.
      await page.waitForTimeout(4000);
    }
    expect(await cspViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(consoleWarnings).toEqual([]);
  });

  test("the HTML of / and of a product page names the live releases' entries and the route's chunks", async ({
    request,
    storefront,
  }) => {
    const live = (await (await request.get(`${storefront.shellUrl}/registry.json`)).json()) as {
      remotes: Record<string, { entry: string; release: string }>;
    };
    const html = async (path: string) => {
      const res = await request.get(`${storefront.shellUrl}${path}`, { headers: { accept: 'text/html' } });
      expect(res.headers()['cache-control']).toBe('no-cache');
      return res.text();
    };
    const base = (entry: string) => entry.replace(/mf-manifest\.json$/, '');
    const catalog = live.remotes.catalog?.entry ?? '';
    const manifest = await (await request.get(catalog)).json();
    const chunks = (name: string): string[] =>
      manifest.exposes
        .find((e: { name: string }) => e.name === name)
        .assets.js.sync.map((f: string) => base(catalog) + f);
    const productPath = await firstProductPath(request, storefront.shellUrl);
    for (const path of ['/', productPath]) {
      const text = await html(path);
      expect(text).toContain('<script type="application/json" id="storefront-registry">');
      for (const [name, remote] of Object.entries(live.remotes)) {
        expect(text, `${path}: ${name}`).toContain(
          `<link rel="preload" as="script" href="${base(remote.entry)}remoteEntry.js">`,
        );
        expect(text, `${path}: ${name}`).toContain(remote.release);
      }
    }
    const home = await html('/');
    const product = await html(productPath);
    for (const url of chunks('ProductDetail')) expect(product).toContain(`href="${url}"`);
    for (const url of chunks('CatalogPage')) expect(home).toContain(`href="${url}"`);
    const detailOnly = chunks('ProductDetail').filter((u) => !chunks('CatalogPage').includes(u));
    for (const url of detailOnly) expect(home).not.toContain(`href="${url}"`);

    // A release's files never change: long-lived caching; the registry stays revalidated.
    const entry = await request.get(`${base(catalog)}remoteEntry.js`);
    expect(entry.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await request.get(catalog)).headers()['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    expect((await request.get(`${storefront.shellUrl}/registry.json`)).headers()['cache-control']).toBe(
      'no-cache',
    );
    expect((await request.get(`${storefront.shellUrl}/main.js`)).headers()['cache-control']).toBe('no-cache');
  });

  test('an inline script and an injected <style> are refused by the CSP (and reported): all CSS comes as files', async ({
    page,
  }) => {
    await page.goto('/');
    await expect(page.getByRole('banner')).toBeVisible();
    // Each element sets a marker if it takes effect; the CSP must refuse both and say which directive did.
    const inject = (tag: 'script' | 'style') =>
      page.evaluate(async (name) => {
        const reported = new Promise<string>((resolve) =>
          document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), {
            once: true,
          }),
        );
        const element = document.createElement(name);
        element.textContent =
          name === 'script' ? 'document.body.dataset.injected = "yes";' : 'body { --injected: yes; }';
        (name === 'script' ? document.body : document.head).append(element);
        const directive = await reported;
        const applied =
          document.body.dataset.injected === 'yes' ||
          getComputedStyle(document.body).getPropertyValue('--injected').trim() === 'yes';
        return { applied, directive };
      }, tag);
    expect(await inject('script')).toEqual({ applied: false, directive: 'script-src-elem' });
    expect(await inject('style')).toEqual({ applied: false, directive: 'style-src-elem' });
  });

  test('the page and the remotes answer with the security headers, compressed', async ({
    request,
    storefront,
  }) => {
    const page = await request.get(`${storefront.shellUrl}/`, {
      headers: { accept: 'text/html', 'accept-encoding': 'br, gzip' },
    });
    const headers = page.headers();
    const scriptSrc = String(headers['content-security-policy'])
      .split(';')
      .find((d) => d.startsWith('script-src '))
      ?.split(' ');
    // The remotes' origins come from the registry (demo mode: the fault proxy's listeners).
    expect(scriptSrc).toContain(storefront.catalogRemoteUrl);
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    const styleSrc = String(headers['content-security-policy'])
      .split(';')
      .find((d) => d.startsWith('style-src '))
      ?.split(' ');
    expect(styleSrc).toContain(storefront.catalogRemoteUrl);
    expect(styleSrc).not.toContain("'unsafe-inline'");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');

    const registry = await (await request.get(`${storefront.shellUrl}/registry.json`)).json();
    const entry = registry.remotes.catalog.entry as string;
    const manifest = await request.get(entry, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(manifest.headers()['cross-origin-resource-policy']).toBe('cross-origin');
    expect(manifest.headers()['access-control-allow-origin']).toBe('*');
    expect(manifest.headers()['x-content-type-options']).toBe('nosniff');

    const main = await request.get(`${storefront.shellUrl}/main.js`, {
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(main.headers()['content-encoding']).toBe('br');
    const api = await request.get(`${storefront.shellUrl}/api/catalog/products`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(api.headers()['content-encoding']).toBe('gzip');
    expect(api.headers()['x-content-type-options']).toBe('nosniff');
  });
});
