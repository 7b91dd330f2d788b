// Makes sure the Chromium that Playwright drives is installed (Debian's package; Playwright's own download
// cannot work on these machines).
import { ensureDebianTool } from './debian-tools.mjs';

/** Path of the browser the e2e tests launch. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for Debian's Chromium in a container: headless, no sandbox, nothing phoning home (e2e and bench). */
export const CHROMIUM_ARGS = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);

/**
 * Installs Debian's chromium with apt-get when it is missing.
 * @returns {Promise<void>}
 */
export function ensureBrowser() {
  return ensureDebianTool({
    binary: CHROMIUM,
    pkg: 'chromium',
    why: 'the browser tests',
    hint: 'set CHROMIUM_PATH',
  });
}
