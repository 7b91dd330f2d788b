// 3. Degrade and recover, as a shopper sees it: fault in → breaker open → degraded widget in Chromium;
//    fault out → breaker closed → live widget again, without a reload.
import { backgroundTraffic, clearFaults, injectFault, waitForBreaker } from '../lib/bff-client.mjs';
import { launchBrowser } from '../lib/browser.mjs';
import { atMost, median, round } from '../lib/stats.mjs';

/** Longer than the storefront's catalog fresh window (1 s). */
const FRESH_WAIT_MS = 1200;

/**
 * The product grid region (exact name: the shell also has a region for the remote slot).
 * @param {import('playwright-core').Page} page
 */
const grid = (page) => page.getByRole('region', { name: 'Products', exact: true });
/** @param {import('playwright-core').Page} page */
const degradedNotice = (page) =>
  grid(page)
    .getByRole('status')
    .filter({ hasText: /saved products/i });

/**
 * Breakers only move when called: other shoppers' traffic until the catalog breaker is closed again.
 * @param {string} bff
 */
async function untilClosed(bff) {
  const stop = backgroundTraffic(`${bff}/api/catalog/products`, 100);
  try {
    return await waitForBreaker(bff, 'catalog', 'closed', 30_000);
  } finally {
    await stop();
  }
}

/**
 * @param {{ stack: import('../lib/stacks.mjs').BenchStack, cycles: number }} opts
 * @returns {Promise<import('../lib/report-types.mjs').SectionResult>}
 */
export async function degradeRecover({ stack, cycles }) {
  const bff = stack.url('bff-1');
  const shell = stack.url('shell');
  await untilClosed(bff);
  const browser = await launchBrowser();
  /** @type {{ toOpenMs: number, openToWidgetMs: number, toWidgetMs: number, toClosedMs: number, toLiveMs: number }[]} */
  const runs = [];
  try {
    const page = await browser.newPage();
    for (let i = 0; i < cycles; i++) {
      await page.goto(`${shell}/`);
      await grid(page).getByRole('link').first().waitFor();
      // The page's own lists must be older than the catalog's fresh window (1 s) by its reload: a copy younger
      // than that is answered live even with the breaker open, and a live widget does not ask again.
      await new Promise((r) => setTimeout(r, FRESH_WAIT_MS));

      // Degrade: other shoppers keep calling; the shopper's next page view comes once the breaker is open.
      const traffic = backgroundTraffic(`${bff}/api/catalog/products`, 50);
      const injected = Date.now();
      let openedAt;
      try {
        await injectFault(bff, 'catalog', 'down');
        const open = await waitForBreaker(bff, 'catalog', 'open', 15_000);
        openedAt = Date.parse(open.lastTransition?.at ?? '') || Date.now();
        await page.reload();
        await degradedNotice(page).waitFor({ timeout: 15_000 });
      } finally {
        await traffic();
      }
      const widgetAt = Date.now();

      // Recover: the fault is cleared; the widget retries by itself and the breaker's probe closes it.
      const stopTraffic = backgroundTraffic(`${bff}/api/catalog/products`, 50);
      const cleared = Date.now();
      let closedAt;
      try {
        await clearFaults(bff);
        const closed = await waitForBreaker(bff, 'catalog', 'closed', 30_000);
        closedAt = Date.parse(closed.lastTransition?.at ?? '') || Date.now();
        await degradedNotice(page).waitFor({ state: 'hidden', timeout: 30_000 });
        await grid(page).getByRole('link').first().waitFor();
      } finally {
        await stopTraffic();
      }
      runs.push({
        toOpenMs: openedAt - injected,
        openToWidgetMs: widgetAt - openedAt,
        toWidgetMs: widgetAt - injected,
        toClosedMs: closedAt - cleared,
        toLiveMs: Date.now() - cleared,
      });
    }
  } finally {
    await browser.close();
  }
  const med = (/** @type {keyof (typeof runs)[number]} */ key) => round(median(runs.map((r) => r[key])));
  return {
    id: 'degrade-recover',
    title: `3. Degrade and recover — catalog service down, shell in Chromium (median of ${cycles})`,
    rows: [
      { measure: 'fault injected → breaker open', value: med('toOpenMs'), unit: 'ms' },
      {
        measure: 'breaker open → degraded widget (next page view)',
        value: med('openToWidgetMs'),
        unit: 'ms',
      },
      { measure: 'fault injected → degraded widget', value: med('toWidgetMs'), unit: 'ms' },
      { measure: 'fault cleared → breaker closed', value: med('toClosedMs'), unit: 'ms' },
      { measure: 'fault cleared → live widget (no reload)', value: med('toLiveMs'), unit: 'ms' },
    ],
    budgets: [
      atMost('degraded widget after breaker open', median(runs.map((r) => r.openToWidgetMs)), 1000, 'ms'),
    ],
    details: { runs },
    notes: [
      'Other shoppers are simulated by one GET every 50 ms: a breaker only moves when it is called.',
      'Closing waits for the half-open cooldown (BFF_BREAKER_HALF_OPEN_AFTER_MS, 5 s by default) and one successful probe.',
    ],
  };
}
