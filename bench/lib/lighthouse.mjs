// Lighthouse's performance score, run through its Node API against the bench's own Chromium (the Debian build
// Playwright drives, bench/lib/browser.mjs), started with a remote-debugging port Lighthouse connects to.
import { createServer } from 'node:net';
import lighthouse, { desktopConfig } from 'lighthouse';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/lib/browser.mjs';

/** Lighthouse's presets: its default (mobile, simulated slow 4G and 4× CPU) and its desktop config. */
export const PRESETS = /** @type {const} */ (['mobile', 'desktop']);
/** @typedef {(typeof PRESETS)[number]} Preset */

/**
 * @typedef {object} LighthouseRun
 * @property {number | null} score  performance score, 0–100
 * @property {number | null} fcpMs
 * @property {number | null} lcpMs
 * @property {number | null} tbtMs
 */

/** @returns {Promise<number>} a port free right now */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts Chromium with a remote-debugging port for Lighthouse; the caller closes it.
 * @returns {Promise<{ port: number, close: () => Promise<void> }>}
 */
export async function launchForLighthouse() {
  const port = await freePort();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, `--remote-debugging-port=${port}`],
  });
  return { port, close: () => browser.close() };
}

/**
 * @param {number | undefined} v
 * @returns {number | null}
 */
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * One Lighthouse run (performance category only), in a new tab of the browser on `port`.
 * @param {string} url
 * @param {number} port
 * @param {Preset} preset
 * @param {boolean} [retry] once more when Lighthouse's own trace recording fails
 * @returns {Promise<LighthouseRun>}
 */
export async function lighthouseRun(url, port, preset, retry = true) {
  const result = await lighthouse(
    url,
    {
      port,
      logLevel: 'error',
      output: 'json',
      onlyCategories: ['performance'],
      // Pictures nobody looks at here: they cost seconds per run and change no metric.
      disableFullPageScreenshot: true,
      skipAudits: ['screenshot-thumbnails', 'final-screenshot'],
    },
    preset === 'desktop' ? desktopConfig : undefined,
  );
  if (!result) throw new Error(`lighthouse returned nothing for ${url}`);
  const { lhr } = result;
  // Lighthouse's own trace recording sometimes misses the navigation on a busy machine (NO_NAVSTART and kin):
  // that says nothing about the page, so the run is made again, once.
  if (lhr.runtimeError && retry) return lighthouseRun(url, port, preset, false);
  if (lhr.runtimeError)
    throw new Error(`lighthouse ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const score = lhr.categories.performance?.score;
  return {
    score: typeof score === 'number' ? Math.round(score * 100) : null,
    fcpMs: num(lhr.audits['first-contentful-paint']?.numericValue),
    lcpMs: num(lhr.audits['largest-contentful-paint']?.numericValue),
    tbtMs: num(lhr.audits['total-blocking-time']?.numericValue),
  };
}
