// Section 5's page loads: one cold load of one page in headless Chromium, what it downloaded and when it painted.
import { gzipSync } from 'node:zlib';
import { splitBytes, sumKinds } from '../lib/bundle-kinds.mjs';
import { median, round } from '../lib/stats.mjs';

/** A string found exactly once in each library's build: one occurrence per downloaded copy. */
export const LIBRARY_MARKERS = Object.freeze({
  react: 'React.Children.only expected to receive a single React element child.',
  'react-dom': 'Skipping view transition because document visibility state has become hidden.',
  'react-router': 'You cannot render a <Router> inside another <Router>',
});

/** Kinds of request, in report order. */
export const REQUEST_KINDS = Object.freeze(['document', 'script', 'css', 'data', 'other']);

/**
 * @typedef {object} PageLoad
 * @property {number} requests      every request the page made until the network was idle
 * @property {number} jsRequests
 * @property {number} jsBytes       raw bytes of every script
 * @property {number} jsGzipBytes   the same scripts gzipped (level 6, what a CDN would send)
 * @property {number | null} lcpMs
 * @property {number | null} fcpMs
 * @property {number} dclMs
 * @property {Record<string, number>} copies  downloaded copies of react, react-dom and react-router
 * @property {Record<string, number>} beforePaint  requests started before first contentful paint, by kind
 * @property {Record<string, number>} gzipByKind   gzip bytes of scripts (by what they are made of) and CSS
 */

/**
 * The kind of a request from its resource timing entry (or the navigation's).
 * @param {{ name: string, initiatorType: string, entryType?: string }} entry
 * @returns {string}
 */
export function requestKind({ name, initiatorType, entryType }) {
  if (entryType === 'navigation') return 'document';
  const { pathname } = new URL(name);
  if (/\.m?js$/.test(pathname)) return 'script';
  if (pathname.endsWith('.css')) return 'css';
  if (initiatorType === 'fetch' || initiatorType === 'xmlhttprequest' || pathname.endsWith('.json'))
    return 'data';
  return 'other';
}

/**
 * Counts, by kind, the requests that started before the first contentful paint (the document included).
 * @param {{ name: string, initiatorType: string, entryType?: string, startTime: number }[]} entries
 * @param {number | null} fcpMs no paint: every request counts
 * @returns {Record<string, number>}
 */
export function requestsBeforePaint(entries, fcpMs) {
  /** @type {Record<string, number>} */
  const counts = Object.fromEntries(REQUEST_KINDS.map((k) => [k, 0]));
  for (const e of entries) {
    if (fcpMs !== null && e.startTime >= fcpMs) continue;
    const kind = requestKind(e);
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

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
 * Gzip bytes by kind: each script split by what its build's stats say it is made of, CSS as CSS.
 * @param {{ url: string, body: Buffer, css: boolean }[]} files
 * @param {(url: string) => import('../lib/bundle-kinds.mjs').KindBytes | undefined} kindsOf
 * @returns {Record<string, number>}
 */
export function bytesByKind(files, kindsOf) {
  return sumKinds(
    files.map(({ url, body, css }) => {
      const gzip = gzipSync(body, { level: 6 }).length;
      return css ? { css: gzip } : splitBytes(gzip, kindsOf(url));
    }),
  );
}

/**
 * Loads one page in a fresh browser context (cold cache) and measures it.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {(page: import('playwright-core').Page) => Promise<void>} ready resolves once the content is shown
 * @param {(url: string) => import('../lib/bundle-kinds.mjs').KindBytes | undefined} kindsOf
 * @returns {Promise<PageLoad>}
 */
export async function loadOnce(browser, url, ready, kindsOf) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    let requests = 0;
    /** @type {Promise<{ url: string, body: Buffer, css: boolean } | null>[]} */
    const files = [];
    page.on('request', () => {
      requests++;
    });
    page.on('response', (res) => {
      const type = res.request().resourceType();
      if (type !== 'script' && type !== 'stylesheet') return;
      files.push(
        res
          .body()
          .then((body) => ({ url: res.url(), body, css: type === 'stylesheet' }))
          .catch(() => null),
      );
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
          const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
          const entries = [nav, ...performance.getEntriesByType('resource')].map((e) => ({
            name: e.name,
            entryType: e.entryType,
            startTime: e.startTime,
            initiatorType: /** @type {PerformanceResourceTiming} */ (e).initiatorType,
          }));
          const base = { dclMs: nav.domContentLoadedEventEnd, fcpMs: fcp, entries };
          new PerformanceObserver((list) => {
            resolve({ ...base, lcpMs: list.getEntries().at(-1)?.startTime ?? null });
          }).observe({ type: 'largest-contentful-paint', buffered: true });
          setTimeout(() => resolve({ ...base, lcpMs: null }), 2000);
        }),
    );
    const loaded = (await Promise.all(files)).filter((f) => f !== null);
    const { dclMs, lcpMs, fcpMs, entries } =
      /** @type {{ dclMs: number, lcpMs: number | null, fcpMs: number | null,
       *   entries: { name: string, entryType: string, startTime: number, initiatorType: string }[] }} */ (
        timing
      );
    return {
      requests,
      ...scriptStats(loaded.filter((f) => !f.css).map((f) => f.body)),
      dclMs,
      lcpMs,
      fcpMs,
      beforePaint: requestsBeforePaint(entries, fcpMs),
      gzipByKind: bytesByKind(loaded, kindsOf),
    };
  } finally {
    await context.close();
  }
}

/**
 * Per-key medians of records of numbers (a key missing from a load counts as 0 there).
 * @param {Record<string, number>[]} records
 * @returns {Record<string, number>}
 */
export function medianByKey(records) {
  const keys = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return Object.fromEntries(keys.map((k) => [k, median(records.map((r) => r[k] ?? 0))]));
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
    fcpMs: round(med((l) => l.fcpMs)),
    dclMs: round(med((l) => l.dclMs)),
    beforePaint: medianByKey(loads.map((l) => l.beforePaint ?? {})),
    gzipByKind: medianByKey(loads.map((l) => l.gzipByKind ?? {})),
    // The worst load counts: React twice in any load is a defect.
    copies: Object.fromEntries(
      Object.keys(LIBRARY_MARKERS).map((name) => [name, Math.max(...loads.map((l) => l.copies[name] ?? 0))]),
    ),
  };
}
