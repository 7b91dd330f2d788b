// Makes sure the Chromium that Playwright drives is installed (Debian's package; Playwright's own download
// cannot work on these machines).
import { existsSync } from 'node:fs';
import { run } from './run.mjs';

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
export async function ensureBrowser() {
  if (existsSync(CHROMIUM)) return;
  console.log(`» ${CHROMIUM} is missing: installing Debian's chromium (apt-get)`);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = asRoot ? [] : ['sudo', '-n'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  /** @param {string[]} argv */
  const apt = (argv) => {
    const [cmd, ...rest] = [...sudo, ...argv];
    return run(/** @type {string} */ (cmd), rest, { env, quiet: true });
  };
  if ((await apt(['apt-get', 'update', '-qq'])) !== 0) throw new Error('apt-get update failed');
  if ((await apt(['apt-get', 'install', '-y', '-qq', 'chromium'])) !== 0) {
    throw new Error('apt-get install chromium failed; install it by hand or set CHROMIUM_PATH');
  }
  if (!existsSync(CHROMIUM)) throw new Error(`chromium installed but ${CHROMIUM} is still missing`);
}
