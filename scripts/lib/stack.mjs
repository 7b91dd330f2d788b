// The storefront's processes: what runs, on which port, how it is checked. Used by `npm start`, the e2e tests
// and the benchmarks, so that all three run exactly the same stack.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { NATS_SERVER } from './debian-tools.mjs';
import {
  deployRelease,
  readRegistry,
  readShellPackageJson,
  readShellRuntime,
  releasesDir,
  switchRegistry,
} from './releases.mjs';
import { ROOT } from './run.mjs';
import { createSupervisor } from './supervisor.mjs';

export { waitForHealthy } from './supervisor.mjs';

/** Default ports; each can be overridden by the environment variable of the same name. */
export const DEFAULT_PORTS = Object.freeze({
  SHELL_PORT: 3000,
  CATALOG_REMOTE_PORT: 3001,
  CART_REMOTE_PORT: 3002,
  ACCOUNT_REMOTE_PORT: 3003,
  BFF_PORT: 4000,
  // Further BFF replicas (BFF_REPLICAS, at most 8): each its own port, so that freePorts() gives each one too.
  BFF_2_PORT: 4010,
  BFF_3_PORT: 4011,
  BFF_4_PORT: 4012,
  BFF_5_PORT: 4013,
  BFF_6_PORT: 4014,
  BFF_7_PORT: 4015,
  BFF_8_PORT: 4016,
  CATALOG_SERVICE_PORT: 4001,
  CART_SERVICE_PORT: 4002,
  ACCOUNT_SERVICE_PORT: 4003,
  // Demo mode: the fault proxy's control API and one listener in front of each target.
  FAULT_CONTROL_PORT: 5000,
  CATALOG_SERVICE_FAULT_PORT: 5001,
  CART_SERVICE_FAULT_PORT: 5002,
  ACCOUNT_SERVICE_FAULT_PORT: 5003,
  CATALOG_REMOTE_FAULT_PORT: 5101,
  CART_REMOTE_FAULT_PORT: 5102,
  ACCOUNT_REMOTE_FAULT_PORT: 5103,
  // The supervisor's loopback API (npm start, e2e): GET /processes, POST /processes/:name/kill.
  SUPERVISOR_PORT: 5900,
  // The local trace store (apps/trace-store): OTLP/HTTP JSON in, recent traces out for /ops. 4318 is OTLP/HTTP's
  // usual port; 5318 leaves it to a real collector.
  TRACE_STORE_PORT: 5318,
  // The stack's own nats-server (npm start -- --nats): clients, and monitoring (its health check).
  NATS_PORT: 4222,
  NATS_MONITOR_PORT: 8222,
});

/** The port of each BFF replica, replica 1 first; their count bounds BFF_REPLICAS. */
export const BFF_PORT_KEYS = /** @type {const} */ ([
  'BFF_PORT',
  'BFF_2_PORT',
  'BFF_3_PORT',
  'BFF_4_PORT',
  'BFF_5_PORT',
  'BFF_6_PORT',
  'BFF_7_PORT',
  'BFF_8_PORT',
]);

/**
 * How many BFF replicas run behind the shell: `BFF_REPLICAS`, default 2 (one can die without losing a request).
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {number}
 */
export function bffReplicasFromEnv(env = process.env) {
  const raw = env.BFF_REPLICAS;
  if (raw === undefined || raw === '') return 2;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < 1 || n > BFF_PORT_KEYS.length) {
    throw new Error(`BFF_REPLICAS=${raw} is not valid: an integer from 1 to ${BFF_PORT_KEYS.length}`);
  }
  return n;
}

/** The three domains: each has a backend service and a remote, deployed and failing independently. */
export const DOMAINS = /** @type {const} */ ([
  {
    name: 'catalog',
    service: 'CATALOG_SERVICE_PORT',
    remote: 'CATALOG_REMOTE_PORT',
    serviceFault: 'CATALOG_SERVICE_FAULT_PORT',
    remoteFault: 'CATALOG_REMOTE_FAULT_PORT',
  },
  {
    name: 'cart',
    service: 'CART_SERVICE_PORT',
    remote: 'CART_REMOTE_PORT',
    serviceFault: 'CART_SERVICE_FAULT_PORT',
    remoteFault: 'CART_REMOTE_FAULT_PORT',
  },
  {
    name: 'account',
    service: 'ACCOUNT_SERVICE_PORT',
    remote: 'ACCOUNT_REMOTE_PORT',
    serviceFault: 'ACCOUNT_SERVICE_FAULT_PORT',
    remoteFault: 'ACCOUNT_REMOTE_FAULT_PORT',
  },
]);

/**
 * Whether demo mode (fault proxy in front of every target, fault API on) is on: default on, off with DEMO_MODE=0.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {boolean}
 */
export function demoModeFromEnv(env = process.env) {
  return !['0', 'false', 'off', 'no'].includes(String(env.DEMO_MODE ?? '1').toLowerCase());
}

/** @typedef {{ [K in keyof typeof DEFAULT_PORTS]: number }} Ports */

/**
 * @typedef {object} ProcessSpec
 * @property {string} name        short name used as the log prefix
 * @property {string} command     executable
 * @property {string[]} args
 * @property {string} cwd
 * @property {NodeJS.ProcessEnv} env
 * @property {string} url         base URL
 * @property {string} health      URL that answers 200 once the process is ready
 */

/**
 * Reads the ports from the environment, falling back to the defaults.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Ports}
 */
export function portsFromEnv(env = process.env) {
  /** @type {Record<string, number>} */
  const ports = {};
  for (const [key, def] of Object.entries(DEFAULT_PORTS)) {
    const raw = env[key];
    const n = raw === undefined || raw === '' ? def : Number(raw);
    if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new Error(`${key}=${raw} is not a valid port`);
    ports[key] = n;
  }
  return /** @type {Ports} */ (ports);
}

/**
 * Asks the OS for free loopback ports (for tests and benchmarks, which must not collide with `npm start`).
 * @returns {Promise<Ports>}
 */
export async function freePorts() {
  /** @type {net.Server[]} */
  const servers = [];
  /** @type {Record<string, number>} */
  const ports = {};
  // Keep every socket open until all are allocated so the OS never hands out the same port twice.
  for (const key of Object.keys(DEFAULT_PORTS)) {
    const srv = net.createServer();
    await new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(undefined)));
    const addr = srv.address();
    if (addr === null || typeof addr === 'string') throw new Error('could not allocate a port');
    ports[key] = addr.port;
    servers.push(srv);
  }
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(() => resolve(undefined)))));
  return /** @type {Ports} */ (ports);
}

/**
 * Writes the runtime registry (atomically: write a temporary file, then rename). In demo mode the entries point
 * at the fault proxy's listeners, so that a remote's host can be broken on purpose.
 * @param {string} file
 * @param {Ports} ports
 * @param {boolean} [demo]
 * @returns {void}
 */
export function writeRegistry(file, ports, demo = false) {
  mkdirSync(path.dirname(file), { recursive: true });
  /** @type {Record<string, { entry: string, release: string }>} */
  const remotes = {};
  for (const d of DOMAINS) {
    const port = demo ? ports[d.remoteFault] : ports[d.remote];
    remotes[d.name] = { entry: `http://localhost:${port}/mf-manifest.json`, release: 'local' };
  }
  const doc = { schemaVersion: 1, remotes };
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(doc, null, 2)}\n`);
  renameSync(tmp, file);
}

/**
 * The production stack: built files served by Node, no dev servers. With `demo`, the fault proxy sits in front
 * of every service (for the BFF) and every remote host (for the browser, through the registry). `BFF_REPLICAS`
 * (in `env` or the environment, default 2) BFFs named bff-1, bff-2, … run behind the shell. With `supervisor`, a
 * supervisor API runs on SUPERVISOR_PORT and the BFFs and the fault proxy get its URL (SUPERVISOR_URL). With
 * `nats`, the services carry their domain events over NATS JetStream: they get NATS_URL, the one in `env` or the
 * environment if set, else that of a nats-server the stack starts first (JetStream data in `<dataDir>/nats`).
 * @param {{ ports: Ports, dataDir: string, registryFile: string, demo?: boolean, env?: NodeJS.ProcessEnv,
 *   supervisor?: boolean, nats?: boolean }} opts
 * @returns {ProcessSpec[]} in start order
 */
export function defineStack({
  ports,
  dataDir,
  registryFile,
  demo = false,
  env = {},
  supervisor = false,
  nats = false,
}) {
  // Processes are esbuild bundles (decision 009): source maps make their stack traces name the source files.
  const nodeOptions = [process.env.NODE_OPTIONS, '--enable-source-maps'].filter(Boolean).join(' ');
  /** @type {NodeJS.ProcessEnv} */
  const base = { ...process.env, NODE_ENV: 'production', NODE_OPTIONS: nodeOptions, ...env };
  // The secret the BFF signs its service calls with (docs/architecture.md, "Trust between the BFF and the
  // services"): new for every stack unless given, and only in the BFFs' and the services' environment (the hosts
  // and the fault proxy have no use for it). The supervisor restarts a process with its spec's env: the same one.
  /** @type {NodeJS.ProcessEnv} */
  const trusted = { SERVICE_SECRET: base.SERVICE_SECRET || randomBytes(32).toString('base64url') };
  delete base.SERVICE_SECRET;
  const node = process.execPath;
  const local = (/** @type {number} */ port) => `http://127.0.0.1:${port}`;
  // NATS_URL is the services' only (the others publish or consume no domain event), and only with `nats`: without
  // it they use the pull feed, whatever the shell exports.
  const givenNatsUrl = base.NATS_URL;
  delete base.NATS_URL;
  /** @type {ProcessSpec[]} */
  const natsServer =
    nats && !givenNatsUrl
      ? [
          {
            name: 'nats-server',
            command: NATS_SERVER,
            args: [
              '-js',
              '-a',
              '127.0.0.1',
              '-p',
              String(ports.NATS_PORT),
              '-m',
              String(ports.NATS_MONITOR_PORT),
              '-sd',
              path.join(dataDir, 'nats'),
            ],
            cwd: ROOT,
            env: base,
            url: `nats://127.0.0.1:${ports.NATS_PORT}`,
            // 200 once JetStream is up (the monitoring port listens on -a's address too).
            health: `${local(ports.NATS_MONITOR_PORT)}/healthz`,
          },
        ]
      : [];
  /** @type {NodeJS.ProcessEnv} */
  const natsEnv = nats ? { NATS_URL: givenNatsUrl || `nats://127.0.0.1:${ports.NATS_PORT}` } : {};
  // Tracing (docs/observability.md): the shell host, the BFFs and the services export their spans to the local
  // trace store, each named by its process; the remote hosts and the fault proxy are not traced. A name or URL
  // the shell exported must not leak to the processes that are not traced.
  delete base.TRACE_STORE_URL;
  delete base.OTEL_SERVICE_NAME;
  const traceStoreUrl = local(ports.TRACE_STORE_PORT);
  const traced = (/** @type {string} */ serviceName) => ({
    TRACE_STORE_URL: traceStoreUrl,
    OTEL_SERVICE_NAME: serviceName,
  });
  // First of the storefront's processes, so that the first spans find it (exporters retry anyway: nothing needs
  // it to start). It never traces itself: no OTLP endpoint reaches it.
  /** @type {ProcessSpec} */
  const traceStore = {
    name: 'trace-store',
    command: node,
    args: [path.join(ROOT, 'apps/trace-store/dist/server.js')],
    cwd: path.join(ROOT, 'apps/trace-store'),
    env: Object.fromEntries(
      Object.entries({ ...base, TRACE_STORE_PORT: String(ports.TRACE_STORE_PORT) }).filter(
        ([key]) => !key.startsWith('OTEL_EXPORTER_OTLP_'),
      ),
    ),
    url: traceStoreUrl,
    health: `${traceStoreUrl}/health`,
  };
  const host = path.join(ROOT, 'apps/static-host/dist/cli.js');
  /** @type {ProcessSpec[]} */
  const services = DOMAINS.map((d) => ({
    name: `${d.name}-service`,
    command: node,
    args: [path.join(ROOT, `apps/${d.name}-service/dist/server.js`)],
    cwd: path.join(ROOT, `apps/${d.name}-service`),
    env: {
      ...base,
      PORT: String(ports[d.service]),
      ...trusted,
      ...natsEnv,
      ...traced(`${d.name}-service`),
      [`${d.name.toUpperCase()}_DB_PATH`]: path.join(dataDir, `${d.name}-service`, `${d.name}.db`),
      // Where each service pulls the other services' domain events from (issue 13): straight, not through the
      // fault proxy (the demo stops a consumer by stopping its process, `order-events-consumer-down`).
      ...Object.fromEntries(
        DOMAINS.filter((other) => other.name !== d.name).map((other) => [
          `${other.name.toUpperCase()}_EVENTS_URL`,
          local(ports[other.service]),
        ]),
      ),
    },
    url: local(ports[d.service]),
    health: `${local(ports[d.service])}/health`,
  }));
  /** @type {NodeJS.ProcessEnv} */
  const supervisorEnv = supervisor ? { SUPERVISOR_URL: local(ports.SUPERVISOR_PORT) } : {};
  const replicas = bffReplicasFromEnv(base);
  const bffUrls = BFF_PORT_KEYS.slice(0, replicas).map((key) => local(ports[key]));
  /** @type {ProcessSpec[]} */
  const bffs = bffUrls.map((url, i) => ({
    name: `bff-${i + 1}`,
    command: node,
    args: [path.join(ROOT, 'apps/bff/dist/server.js')],
    cwd: path.join(ROOT, 'apps/bff'),
    env: {
      ...base,
      PORT: new URL(url).port,
      // Which replica this is, and every replica (itself included), for answers and views that span them all.
      BFF_REPLICA_ID: `bff-${i + 1}`,
      BFF_PEERS: bffUrls.join(','),
      ...trusted,
      // Also where its /api/ops/traces reads from.
      ...traced(`bff-${i + 1}`),
      // Writes are taken from the shell's pages only (cross-site guard); the shell proxies /api from its port.
      PUBLIC_ORIGINS:
        base.PUBLIC_ORIGINS ?? `http://localhost:${ports.SHELL_PORT},http://127.0.0.1:${ports.SHELL_PORT}`,
      ...supervisorEnv,
      // In demo mode the BFF reaches every service through the fault proxy.
      ...Object.fromEntries(
        DOMAINS.map((d) => [
          `${d.name.toUpperCase()}_SERVICE_URL`,
          local(ports[demo ? d.serviceFault : d.service]),
        ]),
      ),
      ...(demo
        ? { DEMO_MODE: '1', FAULT_PROXY_CONTROL_URL: local(ports.FAULT_CONTROL_PORT) }
        : { DEMO_MODE: '0' }),
      // The public catalog is the same for every shopper: one upstream call per second and per query is
      // enough (docs/benchmarks.md, "BFF cost"). Personal answers (cart, account) are never reused.
      BFF_CATALOG_FRESH_MS: base.BFF_CATALOG_FRESH_MS ?? '1000',
    },
    url,
    health: `${url}/health`,
  }));
  /** @type {ProcessSpec[]} */
  const remotes = DOMAINS.map((d) => ({
    name: `${d.name}-remote`,
    command: node,
    args: [
      host,
      '--root',
      // Every published release of this remote stays served: `/<release-id>/mf-manifest.json`.
      releasesDir(dataDir, d.name),
      '--port',
      String(ports[d.remote]),
    ].concat(['--name', d.name, '--cors']),
    cwd: path.join(ROOT, `remotes/${d.name}`),
    env: base,
    url: `http://localhost:${ports[d.remote]}`,
    health: `${local(ports[d.remote])}/health`,
  }));
  // The shell balances /api over every BFF replica and tries another when one refuses (static-host api-proxy).
  /** @type {ProcessSpec} */
  const shell = {
    name: 'shell',
    command: node,
    args: [
      host,
      '--root',
      path.join(ROOT, 'shell/dist'),
      '--port',
      String(ports.SHELL_PORT),
      '--name',
      'shell',
    ].concat(['--spa', '--registry', registryFile, '--api-proxy', bffUrls.join(',')]),
    cwd: path.join(ROOT, 'shell'),
    env: { ...base, ...traced('shell-host') },
    url: `http://localhost:${ports.SHELL_PORT}`,
    health: `${local(ports.SHELL_PORT)}/health`,
  };
  /** @type {ProcessSpec} */
  const faultProxy = {
    name: 'fault-proxy',
    command: node,
    args: [path.join(ROOT, 'apps/fault-proxy/dist/server.js')],
    cwd: path.join(ROOT, 'apps/fault-proxy'),
    env: {
      ...base,
      FAULT_PROXY_CONTROL_PORT: String(ports.FAULT_CONTROL_PORT),
      // Scenario kill steps ask the supervisor to kill a process (apps/fault-proxy/src/supervisor.ts).
      ...supervisorEnv,
      FAULT_PROXY_TARGETS: JSON.stringify(
        DOMAINS.flatMap((d) => [
          { name: d.name, kind: 'service', listen: ports[d.serviceFault], upstream: local(ports[d.service]) },
          {
            name: `remote-${d.name}`,
            kind: 'remote',
            listen: ports[d.remoteFault],
            upstream: local(ports[d.remote]),
          },
        ]),
      ),
    },
    url: local(ports.FAULT_CONTROL_PORT),
    health: `${local(ports.FAULT_CONTROL_PORT)}/health`,
  };
  return [...natsServer, traceStore, ...services, ...(demo ? [faultProxy] : []), ...bffs, ...remotes, shell];
}

/**
 * The development stack: services under `tsx watch`, the shell and remotes under webpack-dev-server (HMR).
 * The shell's dev server proxies `/api` to the first BFF replica (BFF_URL) and serves the same registry file.
 * @param {{ ports: Ports, dataDir: string, registryFile: string, demo?: boolean, env?: NodeJS.ProcessEnv,
 *   supervisor?: boolean, nats?: boolean }} opts
 * @returns {ProcessSpec[]}
 */
export function defineDevStack(opts) {
  const bin = (/** @type {string} */ name) => path.join(ROOT, 'node_modules', '.bin', name);
  const dev = { NODE_ENV: 'development', REGISTRY_FILE: opts.registryFile };
  return defineStack(opts).map((s) => {
    if (s.name === 'nats-server') return s;
    const env = { ...s.env, ...dev, BFF_URL: `http://127.0.0.1:${opts.ports.BFF_PORT}` };
    if (
      s.name.startsWith('bff-') ||
      s.name === 'fault-proxy' ||
      s.name === 'trace-store' ||
      s.name.endsWith('-service')
    ) {
      return { ...s, env, command: bin('tsx'), args: ['watch', 'src/server.ts'] };
    }
    const port = new URL(s.url).port;
    const webpack = { command: bin('webpack'), args: ['serve', '--mode', 'development'] };
    // webpack-dev-server answers once the first compilation is done; the static host's /health does not exist.
    const health = `http://127.0.0.1:${port}/${s.name === 'shell' ? '' : 'remoteEntry.js'}`;
    return { ...s, ...webpack, env: { ...env, PORT: port }, health };
  });
}

/**
 * Formats one log line: pino JSON becomes `time LEVEL msg key=value…`, anything else stays as it is.
 * @param {string} line
 * @returns {string}
 */
export function formatLogLine(line) {
  if (!line.startsWith('{')) return line;
  try {
    /** @type {Record<string, unknown>} */
    const rec = JSON.parse(line);
    const levels = /** @type {Record<number, string>} */ ({
      10: 'TRACE',
      20: 'DEBUG',
      30: 'INFO',
      40: 'WARN',
      50: 'ERROR',
      60: 'FATAL',
    });
    const { level, time, msg, pid: _pid, hostname: _host, ...rest } = rec;
    const t = typeof time === 'number' ? new Date(time).toISOString().slice(11, 23) : '';
    const extra = Object.entries(rest)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    return `${t} ${(levels[Number(level)] ?? String(level)).padEnd(5)} ${String(msg ?? '')} ${extra}`.trimEnd();
  } catch {
    return line;
  }
}

/**
 * @typedef {import('./supervisor.mjs').Supervisor & { specs: ProcessSpec[] }} Stack
 * start/stop/stopAll/spec as before; kill(name, signal = 'SIGKILL') and status() (ProcessStatus[]) from the
 * supervisor (scripts/lib/supervisor.mjs).
 */

/**
 * Starts every process in order, each once the previous is healthy, and returns handles to stop or restart them.
 * With `restart`, a process that exits without stop()/stopAll() is restarted with backoff (npm start, e2e); without
 * it (the benchmarks) it stays down.
 * @param {ProcessSpec[]} specs
 * @param {{ log?: (name: string, line: string) => void, healthTimeoutMs?: number, restart?: boolean,
 *   backoff?: import('./supervisor.mjs').Backoff }} [opts]
 * @returns {Promise<Stack>}
 */
export async function startStack(specs, opts = {}) {
  const supervisor = createSupervisor(specs, opts);
  try {
    for (const s of specs) await supervisor.start(s.name);
  } catch (err) {
    await supervisor.stopAll();
    throw err;
  }
  return { specs, ...supervisor };
}

/**
 * True for a release built before CSS was extracted into files (it injects <style> elements, which the CSP now
 * refuses: the remote would render unstyled) when the current build has its CSS in files.
 * @param {string} releaseDir
 * @param {string} distDir
 */
export function injectsItsStyles(releaseDir, distDir) {
  const hasCss = (/** @type {string} */ dir) =>
    existsSync(dir) && readdirSync(dir).some((file) => file.endsWith('.css'));
  return !hasCss(releaseDir) && hasCss(distDir);
}

/**
 * Why the current shell cannot host a live release (the deploy guard's problems, e.g. a container built for another
 * MF runtime-core than the shell now provides), or an empty list. Releases that carry their own MF runtime (built
 * before the shared runtime) run on the new shell as they did: they stay live.
 * @param {string} releaseDir
 * @param {{ packageJson?: import('./releases.mjs').PackageJson, runtime?: string | null }} [shell] the current
 *   shell: its package.json and the runtime-core its build provides (default: read from shell/)
 * @returns {Promise<string[]>}
 */
export async function cannotHost(releaseDir, shell = {}) {
  // Loaded here: release-compat needs `semver`, and this module is imported before anything is installed.
  const { checkCompatibility } = await import('./release-compat.mjs');
  const release = JSON.parse(readFileSync(path.join(releaseDir, 'release.json'), 'utf8'));
  return checkCompatibility({
    release,
    shellPackageJson: shell.packageJson ?? (await readShellPackageJson()),
    shellRuntime: shell.runtime === undefined ? readShellRuntime() : shell.runtime,
  }).problems;
}

/**
 * Why `npm start` must not keep a remote's live release, or null when it can stay live: it predates CSS files
 * (see {@link injectsItsStyles}), or the current shell's deploy guard refuses it (e.g. a release built before
 * the router contract, which shares react-router instead of @storefront/router and would render its own router;
 * or a container built for another MF runtime-core than the shell provides; see {@link cannotHost}).
 * @param {string} releaseDir the live release's folder (with its release.json)
 * @param {string} distDir the remote's current build
 * @param {import('./releases.mjs').PackageJson} shellPackageJson
 * @returns {Promise<string | null>}
 */
export async function replaceReason(releaseDir, distDir, shellPackageJson) {
  if (injectsItsStyles(releaseDir, distDir)) return 'it injects its styles';
  const problems = await cannotHost(releaseDir, { packageJson: shellPackageJson });
  return problems.length === 0 ? null : `the shell refuses it: ${problems.join('; ')}`;
}

/**
 * Creates the data folder and makes the registry point at this stack's hosts. Each remote keeps its live release
 * across restarts (deploys and rollbacks persist); a remote with no release yet — or whose live release predates
 * CSS files or is refused by the current shell's guard (see {@link replaceReason}) — gets its current build
 * published and made live. Only the hosts' origins are rewritten, since ports differ between runs (tests use free
 * ports).
 * @param {{ dataDir: string, registryFile: string, ports: Ports, demo?: boolean }} opts
 * @returns {Promise<string[]>} one line per remote saying what was done
 */
export async function prepareData({ dataDir, registryFile, ports, demo = false }) {
  mkdirSync(dataDir, { recursive: true });
  /** @type {string[]} */
  const lines = [];
  /** @type {import('./releases.mjs').PackageJson | undefined} */
  let shellPackageJson;
  for (const d of DOMAINS) {
    mkdirSync(releasesDir(dataDir, d.name), { recursive: true });
    const entryBase = `http://localhost:${demo ? ports[d.remoteFault] : ports[d.remote]}`;
    const registry = await readRegistry(registryFile);
    const live = registry.remotes[d.name]?.release;
    const distDir = path.join(ROOT, `remotes/${d.name}/dist`);
    const liveDir = live ? path.join(releasesDir(dataDir, d.name), live) : '';
    /** @type {string | null | undefined} */
    let replace;
    if (live && existsSync(path.join(liveDir, 'release.json'))) {
      shellPackageJson ??= await readShellPackageJson();
      replace = await replaceReason(liveDir, distDir, shellPackageJson);
    }
    if (live && replace === null) {
      await switchRegistry({ registryFile, remote: d.name, releaseId: live, entryBase });
      lines.push(`${d.name}: live release ${live}`);
      continue;
    }
    const result = await deployRelease({
      remote: d.name,
      distDir,
      dataDir,
      registryFile,
      entryBase,
    });
    if (!result.ok)
      throw new Error(`${d.name}: the build cannot be made live: ${result.problems.join('; ')}`);
    const replaced = replace ? ` (replacing ${live}: ${replace})` : '';
    lines.push(`${d.name}: published and made live ${result.release.id}${replaced}`);
  }
  return lines;
}
