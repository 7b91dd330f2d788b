// Installs a tool the tests need from Debian's packages when it is missing (these machines cannot use the tools'
// own downloads): Chromium for the browser tests, nats-server for the NATS transport's tests, promtool for the
// alert rules' tests.
import { existsSync } from 'node:fs';
import { run } from './run.mjs';

/** Debian's NATS server (package nats-server); NATS_SERVER_PATH points elsewhere. */
export const NATS_SERVER = process.env.NATS_SERVER_PATH ?? '/usr/sbin/nats-server';

/** Debian's promtool (package prometheus); PROMTOOL_PATH points elsewhere. */
export const PROMTOOL = process.env.PROMTOOL_PATH ?? '/usr/bin/promtool';

/** @typedef {{ exists?: (file: string) => boolean, apt?: (argv: string[]) => Promise<number> }} AptDeps */

/**
 * Installs Debian package `pkg` with apt-get (as root, or through `sudo -n`) unless `binary` exists.
 * @param {{ binary: string, pkg: string, why: string, hint?: string, recommends?: boolean }} tool `why` says
 *   what needs it; `hint` is added to the error when the install fails (e.g. an environment variable pointing at
 *   another copy); `recommends: false` leaves out the package's recommended packages
 * @param {AptDeps} [deps] for tests (`apt` runs any command as root)
 * @returns {Promise<void>}
 */
export async function ensureDebianTool({ binary, pkg, why, hint, recommends = true }, deps = {}) {
  const exists = deps.exists ?? existsSync;
  if (exists(binary)) return;
  console.log(`» ${binary} is missing (${why}): installing Debian's ${pkg} (apt-get)`);
  const apt = deps.apt ?? aptGet;
  const orElse = hint ? `; install it by hand or ${hint}` : '; install it by hand';
  if ((await apt(['apt-get', 'update', '-qq'])) !== 0) throw new Error(`apt-get update failed${orElse}`);
  const noRecommends = recommends ? [] : ['--no-install-recommends'];
  if ((await apt(['apt-get', 'install', '-y', '-qq', ...noRecommends, pkg])) !== 0) {
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

/**
 * Installs promtool when missing: the alert rules' unit tests run `promtool test rules`. It comes with the
 * Prometheus server, whose Debian package enables and starts its service (:9090) where the init system allows
 * it; nobody asked for a server, so a service it started is stopped and disabled again. Without recommends: no
 * node exporter.
 * @param {AptDeps} [deps] for tests
 * @returns {Promise<void>}
 */
export async function ensurePromtool(deps = {}) {
  const exists = deps.exists ?? existsSync;
  const installing = !exists(PROMTOOL);
  await ensureDebianTool(
    {
      binary: PROMTOOL,
      pkg: 'prometheus',
      why: "the alert rules' unit tests, `promtool test rules`",
      hint: 'set PROMTOOL_PATH',
      recommends: false,
    },
    deps,
  );
  if (!installing) return;
  const asRoot = deps.apt ?? aptGet;
  // systemd when it runs; otherwise the package's init script (in containers, policy-rc.d usually kept it down).
  const stop = exists('/run/systemd/system')
    ? ['systemctl', 'disable', '--now', 'prometheus']
    : ['service', 'prometheus', 'stop'];
  if ((await asRoot(stop)) !== 0) {
    console.log(`» could not run \`${stop.join(' ')}\`: the Prometheus server of the package may be running`);
  }
}

/** @param {string[]} argv */
function aptGet(argv) {
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const [cmd, ...rest] = [...(asRoot ? [] : ['sudo', '-n']), ...argv];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  return run(/** @type {string} */ (cmd), rest, { env, quiet: true });
}
