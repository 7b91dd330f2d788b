import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILDABLES, buildOne } from '../../scripts/lib/build.mjs';
import { expect, test } from '../support/fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CART_PAGE = path.join(ROOT, 'remotes/cart/src/features/cart/components/cart-page.tsx');
const CART_BUILD = (() => {
  const b = BUILDABLES.find((x) => x.dir === 'remotes/cart');
  if (!b) throw new Error('no cart build');
  return b;
})();

/** sha256 of every file of the shell's build, by name. */
function hashShell(): Record<string, string> {
  const dir = path.join(ROOT, 'shell/dist');
  return Object.fromEntries(
    readdirSync(dir).map((f) => [
      f,
      createHash('sha256')
        .update(readFileSync(path.join(dir, f)))
        .digest('hex'),
    ]),
  );
}

/** Runs one of the release commands against the e2e stack's data folder. */
function cli(script: string, args: string[], dataDir: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'scripts', script), ...args, '--data-dir', dataDir],
      { timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          out: `${stdout}${stderr}`,
        }),
    );
  });
}

function registry(dataDir: string) {
  return JSON.parse(readFileSync(path.join(dataDir, 'registry.json'), 'utf8')) as {
    remotes: Record<string, { entry: string; release: string }>;
  };
}

test.describe('deploy one remote, and roll it back', () => {
  test.setTimeout(240_000);

  test('deploy cart: new text after navigation, shell untouched, old page still works; rollback; guard', async ({
    page,
    context,
    storefront,
  }) => {
    const { dataDir } = storefront;
    const shellBefore = hashShell();
    const before = registry(dataDir);

    // A page opened before the deploy.
    await page.goto('/cart');
    await expect(page.getByRole('heading', { level: 1, name: 'Your cart' })).toBeVisible();

    // A team changes a visible string in the cart remote and deploys only the cart.
    const source = readFileSync(CART_PAGE, 'utf8');
    let deploy: { code: number; out: string };
    try {
      writeFileSync(CART_PAGE, source.replace(/(\n\s*)Your cart(\n\s*<\/h1>)/, '$1Your shopping bag$2'));
      deploy = await cli('deploy.mjs', ['cart'], dataDir);
    } finally {
      // Put the source back and rebuild, so remotes/cart/dist matches the source again for every later stack.
      writeFileSync(CART_PAGE, source);
      await buildOne(CART_BUILD);
    }
    expect(deploy.code, deploy.out).toBe(0);
    expect(deploy.out).toMatch(/deployed cart \S+ in [\d.]+ s/);
    const after = registry(dataDir);
    expect(after.remotes.cart?.release).not.toBe(before.remotes.cart?.release);
    expect(after.remotes.catalog).toEqual(before.remotes.catalog);
    expect(after.remotes.account).toEqual(before.remotes.account);
    expect(hashShell()).toEqual(shellBefore);

    // The next page's HTML is composed with the new registry: its data and hints name the new release only.
    const html = await (
      await context.request.get(`${storefront.shellUrl}/cart`, { headers: { accept: 'text/html' } })
    ).text();
    expect(html).toContain(`${after.remotes.cart?.release}/remoteEntry.js`);
    expect(html).not.toContain(before.remotes.cart?.release ?? '?');

    // Shoppers get the new cart on their next navigation (a new page load reads the registry).
    const fresh = await context.newPage();
    await fresh.goto(`${storefront.shellUrl}/cart`);
    await expect(fresh.getByRole('heading', { level: 1, name: 'Your shopping bag' })).toBeVisible();
    await expect(fresh.getByRole('contentinfo')).toContainText(after.remotes.cart?.release ?? '?');

    // The page opened before keeps working: its release's chunks are still served.
    await page.getByRole('link', { name: /^catalog$/i }).click();
    await page.getByRole('link', { name: /^cart$/i }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your cart' })).toBeVisible();

    // Rollback: no build, the old text is back.
    const rollback = await cli('rollback.mjs', ['cart'], dataDir);
    expect(rollback.code, rollback.out).toBe(0);
    expect(registry(dataDir).remotes.cart?.release).toBe(before.remotes.cart?.release);
    await fresh.reload();
    await expect(fresh.getByRole('heading', { level: 1, name: 'Your cart' })).toBeVisible();

    // An incompatible release (it needs React 18) is refused and the live one stays.
    const live = registry(dataDir).remotes.cart?.release ?? '';
    const releases = path.join(dataDir, 'releases', 'cart');
    const bad = `${live.split('-')[0]}-incompat01`;
    cpSync(path.join(releases, live), path.join(releases, bad), { recursive: true });
    const meta = JSON.parse(readFileSync(path.join(releases, bad, 'release.json'), 'utf8'));
    writeFileSync(
      path.join(releases, bad, 'release.json'),
      JSON.stringify({
        ...meta,
        id: bad,
        createdAt: new Date().toISOString(),
        shared: { ...meta.shared, react: '^18.2.0' },
      }),
    );
    const refused = await cli('rollback.mjs', ['cart', bad], dataDir);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/refused/i);
    expect(refused.out).toMatch(/react/);
    expect(registry(dataDir).remotes.cart?.release).toBe(live);

    // So is a release built before the router contract: it shares react-router itself, not @storefront/router,
    // and its links would need a router of their own on the shell's page.
    const beforeContract = `${live.split('-')[0]}-prerouter1`;
    cpSync(path.join(releases, live), path.join(releases, beforeContract), { recursive: true });
    const { '@storefront/router': _router, ...framework } = meta.shared;
    writeFileSync(
      path.join(releases, beforeContract, 'release.json'),
      JSON.stringify({
        ...meta,
        id: beforeContract,
        createdAt: new Date().toISOString(),
        shared: { ...framework, 'react-router': '7.18.6' },
      }),
    );
    const refusedOld = await cli('rollback.mjs', ['cart', beforeContract], dataDir);
    expect(refusedOld.code).toBe(1);
    expect(refusedOld.out).toMatch(/@storefront\/router: .*shares react-router/);
    expect(registry(dataDir).remotes.cart?.release).toBe(live);

    // A release whose container runs on another minor of the MF runtime-core than the shell provides is refused
    // too, and the live one keeps serving.
    const provided = JSON.parse(
      readFileSync(path.join(ROOT, 'shell/dist/mf-runtime.json'), 'utf8'),
    ).runtimeCore;
    const [major = 0, minor = 0] = String(provided).split('.').map(Number);
    const other = `${major}.${minor + 1}.0`;
    const badRuntime = `${live.split('-')[0]}-runtime0001`;
    cpSync(path.join(releases, live), path.join(releases, badRuntime), { recursive: true });
    // …and takes the shell's bundler runtime too (decision 014: `+bundler-runtime`, which the shell provides).
    expect(meta.mfRuntime, 'the live cart runs on the shell runtime').toBe(`${provided}+bundler-runtime`);
    writeFileSync(
      path.join(releases, badRuntime, 'release.json'),
      JSON.stringify({ ...meta, id: badRuntime, createdAt: new Date().toISOString(), mfRuntime: other }),
    );
    const refusedRuntime = await cli('rollback.mjs', ['cart', badRuntime], dataDir);
    expect(refusedRuntime.code).toBe(1);
    expect(refusedRuntime.out).toMatch(/refused/i);
    expect(refusedRuntime.out).toContain(
      `mf-runtime: release ${badRuntime} needs runtime-core ${major}.${minor + 1}.x`,
    );
    expect(registry(dataDir).remotes.cart?.release).toBe(live);
    await fresh.reload();
    await expect(fresh.getByRole('heading', { level: 1, name: 'Your cart' })).toBeVisible();

    const list = await cli('releases.mjs', ['cart'], dataDir);
    expect(list.code).toBe(0);
    expect(list.out).toContain(live);
    await fresh.close();
  });
});
