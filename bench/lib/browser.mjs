// Headless Debian Chromium driven by playwright-core (same browser and flags as the e2e tests).
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/lib/browser.mjs';

/**
 * Launches the browser; the caller closes it.
 * @returns {Promise<import('playwright-core').Browser>}
 */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
}
