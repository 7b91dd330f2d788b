// 5. Federation vs monolith: the same storefront, federated at run time vs one webpack build of the same modules.
import { gzipSync } from 'node:zlib';
import { atMost, median, ratio, round } from '../lib/stats.mjs';

/** A string found exactly once in each library's build: one occurrence per downloaded copy. */
export const LIBRARY_MARKERS = Object.freeze({
  react: 'React.Children.only expected to receive a single React element child.',
  'react-dom': 'Skipping view transition because document visibility state has become hidden.',
  'react-router': 'You cannot render a <Router> inside another <Router>',
});

/**
 * @typedef {object} PageLoad
 * @property {number} requests      every request the page made until the network was idle
 * @property {number} jsRequests
 * @property {number} jsBytes       raw bytes of every script
 * @property {number} jsGzipBytes   the same scripts gzipped (level 6, what a CDN would send)
 * @property {number | null} lcpMs
 * @property {number} dclMs
 * @property {Record<string, number>} copies  downloaded copies of react, react-dom and react-router
 */

/**
 * Sums scripts and counts the copies of React and its companions in what one page load downloaded.
 * @param {Buffer[]} scripts
 * @returns {{ jsRequests: number, jsBytes: number, jsGzipBytes: number, copies: Record<string, number> }}
 */
export function scriptStats(scripts) {
  let jsBytes = 0;
  let jsGzipBytes = 0;
  /** @type {Record<string, number>} */
  const copies = Object.fromEntries(Object.keys(LIBRARY_MARKERS).map((name) => [name, 0]));
  for (const body of scripts) {
    jsBytes += body.length;
    jsGzipBytes += gzipSync(body, { level: 6 }).length;
    const text = body.toString('utf8');
    for (const [name, marker] of Object.entries(LIBRARY_MARKERS)) {
      copies[name] = (copies[name] ?? 0) + text.split(marker).length - 1;
    }
  }
  return { jsRequests: scripts.length, jsBytes, jsGzipBytes, copies };
}

/**
 * Loads one page in a fresh browser context (cold cache) and measures it.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {(page: import('playwright-core').Page) => Promise<void>} ready resolves once the content is shown
 * @returns {Promise<PageLoad>}
 */
export async function loadOnce(browser, url, ready) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    let requests = 0;
    /** @type {Promise<Buffer | null>[]} */
    const scripts = [];
    page.on('request', () => {
      requests++;
    });
    page.on('response', (res) => {
      if (res.request().resourceType() === 'script') scripts.push(res.body().catch(() => null));
    });
    await page.goto(url);
    await ready(page);
    await page.waitForLoadState('networkidle');
    const timing = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const nav = /** @type {PerformanceNavigationTiming} */ (
            performance.getEntriesByType('navigation')[0]
          );
          const dclMs = nav.domContentLoadedEventEnd;
          new PerformanceObserver((list) => {
            const entries = list.getEntries();
            resolve({ dclMs, lcpMs: entries.at(-1)?.startTime ?? null });
          }).observe({ type: 'largest-contentful-paint', buffered: true });
          setTimeout(() => resolve({ dclMs, lcpMs: null }), 2000);
        }),
    );
    const bodies = (await Promise.all(scripts)).filter((b) => b !== null);
    const { dclMs, lcpMs } = /** @type {{ dclMs: number, lcpMs: number | null }} */ (timing);
    return { requests, ...scriptStats(bodies), dclMs, lcpMs };
  } finally {
    await context.close();
  }
}

/**
 * Medians of several loads of one page of one build.
 * @param {PageLoad[]} loads
 */
export function summarise(loads) {
  const med = (/** @type {(l: PageLoad) => number | null} */ pick) =>
    median(loads.map(pick).filter((v) => v !== null));
  return {
    loads: loads.length,
    requests: med((l) => l.requests),
    jsRequests: med((l) => l.jsRequests),
    jsBytes: med((l) => l.jsBytes),
    jsGzipBytes: med((l) => l.jsGzipBytes),
    lcpMs: round(med((l) => l.lcpMs)),
    dclMs: round(med((l) => l.dclMs)),
    // The worst load counts: React twice in any load is a defect.
    copies: Object.fromEntries(
      Object.keys(LIBRARY_MARKERS).map((name) => [name, Math.max(...loads.map((l) => l.copies[name] ?? 0))]),
    ),
  };
}

/** @param {number} bytes */
const kb = (bytes) => round(bytes / 1024);

/**
 * @param {{ browser: import('playwright-core').Browser, federatedUrl: string, monolithUrl: string,
 *   productSlug: string, loads: number }} opts
 * @returns {Promise<import('../lib/report-types.mjs').SectionResult>}
 */
export async function federationVsMonolith({ browser, federatedUrl, monolithUrl, productSlug, loads }) {
  const grid = (/** @type {import('playwright-core').Page} */ page) =>
    page.getByRole('region', { name: 'Products', exact: true }).getByRole('link').first().waitFor();
  const pages = [
    { name: '/', path: '/', ready: grid },
    {
      name: '/products/:id',
      path: `/products/${productSlug}`,
      ready: (/** @type {import('playwright-core').Page} */ page) =>
        page.getByRole('heading', { level: 1 }).waitFor(),
    },
  ];
  /** @type {import('../lib/report-types.mjs').Row[]} */
  const rows = [];
  /** @type {import('../lib/stats.mjs').Budget[]} */
  const budgets = [];
  /** @type {Record<string, unknown>} */
  const details = {};
  for (const p of pages) {
    /** @type {PageLoad[]} */
    const fedLoads = [];
    /** @type {PageLoad[]} */
    const monoLoads = [];
    // Alternate the two builds so that any drift of the machine hits both alike.
    for (let i = 0; i < loads; i++) {
      fedLoads.push(await loadOnce(browser, `${federatedUrl}${p.path}`, p.ready));
      monoLoads.push(await loadOnce(browser, `${monolithUrl}${p.path}`, p.ready));
    }
    const fed = summarise(fedLoads);
    const mono = summarise(monoLoads);
    details[p.name] = { federated: fed, monolith: mono, runs: { federated: fedLoads, monolith: monoLoads } };
    const gzipRatio = ratio(fed.jsGzipBytes, mono.jsGzipBytes);
    const lcpRatio = ratio(fed.lcpMs ?? Number.NaN, mono.lcpMs ?? Number.NaN);
    rows.push(
      {
        measure: `${p.name} JS raw: federated / monolith`,
        value: kb(fed.jsBytes),
        unit: `KiB / ${kb(mono.jsBytes)} KiB`,
      },
      {
        measure: `${p.name} JS gzip: federated / monolith`,
        value: kb(fed.jsGzipBytes),
        unit: `KiB / ${kb(mono.jsGzipBytes)} KiB`,
      },
      {
        measure: `${p.name} requests (JS): federated / monolith`,
        value: fed.requests,
        unit: `(${fed.jsRequests}) / ${mono.requests} (${mono.jsRequests})`,
      },
      { measure: `${p.name} LCP: federated / monolith`, value: fed.lcpMs, unit: `ms / ${mono.lcpMs} ms` },
      {
        measure: `${p.name} DOMContentLoaded: federated / monolith`,
        value: fed.dclMs,
        unit: `ms / ${mono.dclMs} ms`,
      },
      {
        measure: `${p.name} copies of react, react-dom, react-router: federated / monolith`,
        value: null,
        unit: '',
        text: `${Object.values(fed.copies).join(', ')} / ${Object.values(mono.copies).join(', ')}`,
      },
    );
    budgets.push(
      atMost(`${p.name} gzip JS federated ÷ monolith`, gzipRatio, 1.15, '×'),
      atMost(`${p.name} LCP federated ÷ monolith`, lcpRatio, 1.1, '×'),
    );
  }
  return {
    id: 'federation',
    title: `5. Federation vs monolith — cold loads in headless Chromium (median of ${loads})`,
    rows,
    budgets,
    details,
    notes: [
      'Every load starts with an empty cache (new browser context) and ends when the network has been idle for 500 ms.',
      'Same BFF and services behind both builds; the federated remotes come from their own hosts (other origins).',
    ],
  };
}
