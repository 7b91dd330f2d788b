// 5. Federation vs monolith: the same storefront, federated at run time vs one webpack build of the same modules.
import path from 'node:path';
import { readFileKinds } from '../lib/bundle-kinds.mjs';
import { launchForLighthouse, lighthouseRun, PRESETS } from '../lib/lighthouse.mjs';
import { loadOnce, summarise } from './federation-load.mjs';
import { BUDGETS, pageRows } from './federation-report.mjs';

export { LIBRARY_MARKERS, scriptStats, summarise } from './federation-load.mjs';

/**
 * Where each build's stats are, by the origin its files are served from.
 * @typedef {{ origin: string, statsFile: string, role: import('../lib/bundle-kinds.mjs').BuildRole }} BuildSource
 */

/**
 * A lookup from a downloaded script's URL to what its build's stats say it is made of. Files are found by origin
 * (each deployable has its own) and then by name (a remote's release folder holds its dist as built).
 * @param {BuildSource[]} sources
 * @returns {(url: string) => import('../lib/bundle-kinds.mjs').KindBytes | undefined}
 */
export function kindsLookup(sources) {
  const byPort = new Map(sources.map((s) => [new URL(s.origin).port, readFileKinds(s.statsFile, s.role)]));
  return (url) => {
    const u = new URL(url);
    return byPort.get(u.port)?.get(path.posix.basename(u.pathname));
  };
}

/**
 * @param {{ browser: import('playwright-core').Browser, federatedUrl: string, monolithUrl: string,
 *   productSlug: string, loads: number, lighthouseRuns: number, federatedBuilds: BuildSource[],
 *   monolithBuild: BuildSource }} opts
 * @returns {Promise<import('../lib/report-types.mjs').SectionResult>}
 */
export async function federationVsMonolith({
  browser,
  federatedUrl,
  monolithUrl,
  productSlug,
  loads,
  lighthouseRuns,
  federatedBuilds,
  monolithBuild,
}) {
  const heading = (/** @type {import('playwright-core').Page} */ page) =>
    page.getByRole('heading', { level: 1 }).first().waitFor();
  const pages = [
    {
      name: '/',
      path: '/',
      budgeted: true,
      ready: (/** @type {import('playwright-core').Page} */ page) =>
        page.getByRole('region', { name: 'Products', exact: true }).getByRole('link').first().waitFor(),
    },
    { name: '/products/:id', path: `/products/${productSlug}`, budgeted: true, ready: heading },
    { name: '/cart', path: '/cart', budgeted: false, ready: heading },
  ];
  const fedKinds = kindsLookup(federatedBuilds);
  const monoKinds = kindsLookup([monolithBuild]);
  /** @type {import('../lib/report-types.mjs').Row[]} */
  const rows = [];
  /** @type {import('../lib/stats.mjs').Budget[]} */
  const budgets = [];
  /** @type {Record<string, unknown>} */
  const details = {};
  const lhBrowser = lighthouseRuns > 0 ? await launchForLighthouse() : null;
  try {
    for (const p of pages) {
      /** @type {import('./federation-load.mjs').PageLoad[]} */
      const fedLoads = [];
      /** @type {import('./federation-load.mjs').PageLoad[]} */
      const monoLoads = [];
      // Alternate the two builds so that any drift of the machine hits both alike.
      for (let i = 0; i < loads; i++) {
        fedLoads.push(await loadOnce(browser, `${federatedUrl}${p.path}`, p.ready, fedKinds));
        monoLoads.push(await loadOnce(browser, `${monolithUrl}${p.path}`, p.ready, monoKinds));
      }
      /** @type {{ federated: import('./federation-report.mjs').LighthouseRuns,
       *   monolith: import('./federation-report.mjs').LighthouseRuns } | null} */
      let lighthouse = null;
      if (lhBrowser) {
        lighthouse = { federated: { mobile: [], desktop: [] }, monolith: { mobile: [], desktop: [] } };
        for (let i = 0; i < lighthouseRuns; i++) {
          for (const preset of PRESETS) {
            lighthouse.federated[preset].push(
              await lighthouseRun(`${federatedUrl}${p.path}`, lhBrowser.port, preset),
            );
            lighthouse.monolith[preset].push(
              await lighthouseRun(`${monolithUrl}${p.path}`, lhBrowser.port, preset),
            );
          }
        }
      }
      const fed = summarise(fedLoads);
      const mono = summarise(monoLoads);
      details[p.name] = {
        federated: fed,
        monolith: mono,
        runs: { federated: fedLoads, monolith: monoLoads },
        lighthouse,
      };
      const page = pageRows({ name: p.name, budgeted: p.budgeted, fed, mono, lighthouse });
      rows.push(...page.rows);
      budgets.push(...page.budgets);
    }
  } finally {
    await lhBrowser?.close();
  }
  return {
    id: 'federation',
    title: `5. Federation vs monolith — cold loads in headless Chromium (median of ${loads}; Lighthouse median of ${lighthouseRuns})`,
    rows,
    budgets,
    details,
    notes: [
      'Every load starts with an empty cache (new browser context) and ends when the network has been idle for 500 ms.',
      'Same BFF and services behind both builds; the federated remotes come from their own hosts (other origins).',
      "Bytes by kind: each downloaded script gzipped (level 6) and split between kinds in proportion to the source bytes of the modules its build's webpack stats put in that file (MF runtime = @module-federation/* and webpack's runtime modules; framework = react, react-dom, scheduler; router = react-router and @storefront/router); CSS = the stylesheets, gzipped.",
      'Requests before first paint: resource timing entries (and the document) whose start is before first-contentful-paint; data = fetch/XHR and .json (registry, manifests, API).',
      `Lighthouse (performance category, Node API, in a Chromium of its own, median of ${lighthouseRuns}): both its default preset (mobile: simulated slow 4G, 4× CPU slowdown) and its desktop preset (simulated dense 4G, no CPU slowdown). The ≥ ${BUDGETS.lighthouseScore} budget uses the ${BUDGETS.lighthousePreset} preset: the mobile preset multiplies by 4 the CPU time a shared 2-core machine lends the page, so there it ranks the machine's load as much as the build (the monolith itself scores 80–95); mobile is reported beside it, the stricter figure to watch.`,
    ],
  };
}
