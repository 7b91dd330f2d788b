// Headless Debian Chromium driven by playwright-core (same browser and flags as the e2e tests).
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../../scripts/lib/browser.mjs';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches the browser; the caller closes it.
 * @returns {Promise<import('playwright-core').Browser>}
 */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}
