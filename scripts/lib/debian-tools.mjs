// Installs a tool the tests need from Debian's packages when it is missing (these machines cannot use the tools'
// own downloads): Chromium for the browser tests, nats-server for the NATS transport's tests.
import { existsSync } from 'node:fs';
import { run } from './run.mjs';

/** Debian's NATS server (package nats-server); NATS_SERVER_PATH points elsewhere. */
export const NATS_SERVER = process.env.NATS_SERVER_PATH ?? '/usr/sbin/nats-server';

/**
 * Installs Debian package `pkg` with apt-get (as root, or through `sudo -n`) unless `binary` exists.
 * @param {{ binary: string, pkg: string, why: string, hint?: string }} tool `why` says what needs it; `hint` is
 *   added to the error when the install fails (e.g. an environment variable pointing at another copy)
 * @param {{ exists?: (file: string) => boolean, apt?: (argv: string[]) => Promise<number> }} [deps] for tests
 * @returns {Promise<void>}
 */
export async function ensureDebianTool({ binary, pkg, why, hint }, deps = {}) {
  const exists = deps.exists ?? existsSync;
  if (exists(binary)) return;
  console.log(`» ${binary} is missing (${why}): installing Debian's ${pkg} (apt-get)`);
  const apt = deps.apt ?? aptGet;
  const orElse = hint ? `; install it by hand or ${hint}` : '; install it by hand';
  if ((await apt(['apt-get', 'update', '-qq'])) !== 0) throw new Error(`apt-get update failed${orElse}`);
  if ((await apt(['apt-get', 'install', '-y', '-qq', pkg])) !== 0) {
    throw new Error(`apt-get install ${pkg} failed${orElse}`);
  }
  if (!exists(binary)) throw new Error(`${pkg} installed but ${binary} is still missing`);
}

/**
 * Installs nats-server when missing: the unit tests of the NATS transport run the real one.
 * @returns {Promise<void>}
 */
export function ensureNatsServer() {
  return ensureDebianTool({
    binary: NATS_SERVER,
    pkg: 'nats-server',
    why: 'the NATS transport tests and `npm start -- --nats`',
    hint: 'set NATS_SERVER_PATH',
  });
}

/** @param {string[]} argv */
function aptGet(argv) {
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const [cmd, ...rest] = [...(asRoot ? [] : ['sudo', '-n']), ...argv];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  return run(/** @type {string} */ (cmd), rest, { env, quiet: true });
}
