// A small stand-in for the storefront's origin, for the chaos tests: the fault API with the proxy's scenario
// executor (chaos-fake-runner.mjs), the processes and their kill (chaos-fake-processes.mjs), the ops stream, the
// resilience summary, the registry, the shop the checkout traffic uses (chaos-fake-shop.mjs) and the cart remote's
// manifest. Injecting a fault into a service opens its "breaker"; clearing or expiry half-opens and then closes
// it, with transition events. The fault types it lists are the real fault proxy's (its own table, imported), and
// the scenarios it runs by default the shipped files.
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { faultTypesList } from '@storefront/fault-proxy/fault-types';
import { createFakeProcesses } from './chaos-fake-processes.mjs';
import { createFakeRunner } from './chaos-fake-runner.mjs';
import { createFakeShop } from './chaos-fake-shop.mjs';

const SERVICES = ['catalog', 'cart', 'account'];
/** The targets of `npm start` (its FAULT_PROXY_TARGETS). */
const TARGETS = ['catalog', 'cart', 'account', 'remote-catalog', 'remote-cart', 'remote-account'];
/** The scenario files the fault proxy ships. */
const SCENARIO_DIR = path.join(import.meta.dirname, '..', '..', 'apps', 'fault-proxy', 'scenarios');

/**
 * @typedef {object} FakeFault
 * @property {string} type
 * @property {Record<string, number>} options
 * @property {string} injectedAt
 * @property {string | null} expiresAt
 */
/** @typedef {{ from: string, to: string, at: string, reason: string }} FakeTransition */
/** @typedef {import('./chaos-fake-runner.mjs').FakeFaultRequest} FakeFaultRequest */
/** @typedef {import('./chaos-fake-runner.mjs').FakeScenario} FakeScenario */

/**
 * The shipped scenario files as they are written (the fault proxy's own tests hold them valid).
 * @returns {FakeScenario[]}
 */
function shippedScenarios() {
  return readdirSync(SCENARIO_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(path.join(SCENARIO_DIR, file), 'utf8')));
}

/**
 * Starts the fake on a free loopback port.
 * @param {{ demoMode?: boolean, snapshotEveryMs?: number, closeAfterMs?: number, scenarios?: FakeScenario[],
 *   supervisor?: boolean, idempotent?: boolean }} [opts] scenarios: those it can run (default: the shipped
 *   ones); supervisor false: no supervisor runs the stack; idempotent false: the shop ignores Idempotency-Keys
 */
export async function startFakeStorefront(opts = {}) {
  const demoMode = opts.demoMode ?? true;
  const supervisor = opts.supervisor ?? true;
  const scenarios = opts.scenarios ?? shippedScenarios();
  const snapshotEveryMs = opts.snapshotEveryMs ?? 100;
  const closeAfterMs = opts.closeAfterMs ?? 100;
  /** @type {Map<string, FakeFault | null>} */
  const faults = new Map(TARGETS.map((t) => [t, null]));
  /** @type {Map<string, string>} */
  const breakers = new Map(SERVICES.map((s) => [s, 'closed']));
  /** @type {Map<string, FakeTransition[]>} */
  const transitions = new Map(SERVICES.map((s) => [s, []]));
  /** @type {Map<string, NodeJS.Timeout>} */
  const expiries = new Map();
  /** @type {Set<http.ServerResponse>} */
  const streams = new Set();
  /** @type {Set<NodeJS.Timeout>} */
  const timers = new Set();
  /** What the fake was asked, for the tests' assertions. */
  const log = {
    /** @type {{ method: string, path: string, body: unknown }[]} */
    faultCalls: [],
    /** @type {string[]} */
    cookies: [],
  };
  let base = '';

  /**
   * @param {http.ServerResponse} res
   * @param {string} event
   * @param {unknown} data
   */
  const send = (res, event, data) => {
    // Split every event over two writes so that readers must join chunks.
    const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    const cut = Math.floor(text.length / 2);
    res.write(text.slice(0, cut));
    res.write(text.slice(cut));
  };
  const targetsView = () =>
    TARGETS.map((name, index) => ({
      name,
      kind: name.startsWith('remote-') ? 'remote' : 'service',
      listen: 5001 + index,
      upstream: `http://127.0.0.1:${4001 + index}`,
      fault: faults.get(name) ?? null,
    }));
  const snapshot = () => ({
    at: new Date().toISOString(),
    upstreams: SERVICES.map((name) => ({
      name,
      state: breakers.get(name),
      retryAfterMs: 0,
      transitions: transitions.get(name) ?? [],
    })),
    faults: {
      available: demoMode,
      targets: demoMode ? targetsView() : [],
      scenario: demoMode ? runner.current() : null,
    },
  });

  /**
   * @param {string} upstream
   * @param {string} to
   * @param {string} reason
   */
  const transition = (upstream, to, reason) => {
    const from = breakers.get(upstream);
    if (from === undefined || from === to) return;
    const t = { from, to, at: new Date().toISOString(), reason };
    breakers.set(upstream, to);
    transitions.get(upstream)?.push(t);
    for (const res of streams) send(res, 'transition', { upstream, ...t });
  };
  /**
   * @param {() => void} fn
   * @param {number} ms
   */
  const later = (fn, ms) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  /** @param {string} target */
  const recover = (target) => {
    if (!SERVICES.includes(target) || breakers.get(target) !== 'open') return;
    later(() => transition(target, 'half-open', 'probe'), closeAfterMs);
    later(() => transition(target, 'closed', 'probe succeeded'), closeAfterMs * 2);
  };
  /** @param {string} target */
  const clear = (target) => {
    clearTimeout(expiries.get(target));
    expiries.delete(target);
    const had = faults.get(target) !== null;
    faults.set(target, null);
    if (had) recover(target);
  };

  /**
   * Injects (or replaces) a target's fault, as `PUT /api/faults/:target` does.
   * @param {string} target
   * @param {FakeFaultRequest} b
   */
  const inject = (target, b) => {
    clearTimeout(expiries.get(target));
    const now = Date.now();
    faults.set(target, {
      type: b.type,
      options: b.options ?? {},
      injectedAt: new Date(now).toISOString(),
      expiresAt: b.durationMs ? new Date(now + b.durationMs).toISOString() : null,
    });
    if (b.durationMs)
      expiries.set(
        target,
        setTimeout(() => clear(target), b.durationMs),
      );
    if (SERVICES.includes(target)) transition(target, 'open', 'consecutive failures');
  };

  const shop = createFakeShop({
    faultOf: (target) => faults.get(target) ?? null,
    idempotent: opts.idempotent,
  });
  // A killed BFF drops the shop's writes for a moment, as the shell host would while it retries on the other; a
  // catalog held down stops adds and leaves choreographed orders pending until it is back.
  const processes = createFakeProcesses({
    onKill: (name, downForMs) => {
      if (name.startsWith('bff')) shop.outage(150);
      if (name === 'catalog-service') shop.catalogDown(downForMs ?? 0);
    },
  });
  const runner = createFakeRunner({
    inject,
    clear,
    kill: (name, downForMs) => processes.kill(name, downForMs),
  });

  /**
   * @param {http.ServerResponse} res
   * @param {number} status
   * @param {unknown} body
   * @param {Record<string, string>} [headers]
   */
  const json = (res, status, body, headers = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  /**
   * @param {http.IncomingMessage} req
   * @returns {Promise<unknown>}
   */
  const readBody = async (req) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    return text ? JSON.parse(text) : null;
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    if (path.startsWith('/api/faults')) {
      if (!demoMode) return json(res, 404, { error: { code: 'NOT_FOUND', message: 'Route not found' } });
      const body = req.method === 'PUT' || req.method === 'POST' ? await readBody(req) : null;
      log.faultCalls.push({ method: req.method ?? '', path, body });
      const target = decodeURIComponent(path.slice('/api/faults/'.length));
      if (path === '/api/faults' && req.method === 'GET')
        return json(res, 200, { targets: targetsView(), scenario: runner.current(), meta: {} });
      if (path === '/api/faults' && req.method === 'DELETE') {
        runner.cancel();
        for (const t of TARGETS) clear(t);
        return json(res, 200, { targets: targetsView(), meta: {} });
      }
      if (path === '/api/faults/types' && req.method === 'GET') {
        return json(res, 200, { ...faultTypesList(), meta: { requestId: 'fake' } });
      }
      if (path === '/api/faults/scenarios' && req.method === 'GET') {
        return json(res, 200, {
          scenarios: scenarios.map(({ name, description, durationMs, traffic, steps, checkoutMode }) => ({
            name,
            description,
            durationMs,
            traffic,
            steps,
            ...(checkoutMode ? { checkoutMode } : {}),
          })),
          meta: { requestId: 'fake' },
        });
      }
      if (path === '/api/faults/scenarios/current' && req.method === 'DELETE') {
        runner.cancel();
        return json(res, 200, { scenario: null });
      }
      const runMatch = /^\/api\/faults\/scenarios\/([^/]+)\/run$/.exec(path);
      if (runMatch && req.method === 'POST') {
        const name = decodeURIComponent(runMatch[1] ?? '');
        const scenario = scenarios.find((s) => s.name === name);
        if (!scenario) return json(res, 404, { error: { code: 'UNKNOWN_SCENARIO', message: name } });
        const speed = body && typeof body === 'object' && 'speed' in body ? Number(body.speed) : 1;
        if (!(speed >= 0.1 && speed <= 20))
          return json(res, 400, { error: { code: 'INVALID_SPEED', message: 'speed: 0.1 to 20' } });
        if (!supervisor && scenario.steps.some((step) => step.action === 'kill')) {
          const error = {
            code: 'SUPERVISOR_UNAVAILABLE',
            message: `${name} kills processes; no SUPERVISOR_URL`,
          };
          return json(res, 409, { error });
        }
        return json(res, 202, { run: runner.start(scenario, speed) });
      }
      if (path === '/api/faults/checkout-mode' && req.method === 'PUT') {
        const mode = body && typeof body === 'object' && 'mode' in body ? String(body.mode) : '';
        if (mode !== 'orchestrated' && mode !== 'choreographed')
          return json(res, 400, { error: { code: 'INVALID_REQUEST', message: 'mode' } });
        shop.mode = mode;
        return json(res, 200, { mode, meta: { requestId: 'fake' } });
      }
      const killMatch = /^\/api\/faults\/processes\/([^/]+)\/kill$/.exec(path);
      if (killMatch && req.method === 'POST') {
        if (!supervisor)
          return json(res, 503, { error: { code: 'SUPERVISOR_UNAVAILABLE', message: 'none' } });
        const name = decodeURIComponent(killMatch[1] ?? '');
        const killed = processes.kill(name);
        if (!killed)
          return json(res, 404, { error: { code: 'PROCESS_NOT_FOUND', message: `no process ${name}` } });
        return json(res, 202, { process: killed, meta: { requestId: 'fake' } });
      }
      if (!faults.has(target)) return json(res, 404, { error: { code: 'UNKNOWN_TARGET', message: target } });
      if (req.method === 'DELETE') {
        clear(target);
        return json(res, 200, { target: targetsView().find((t) => t.name === target) });
      }
      if (req.method === 'PUT') {
        inject(target, /** @type {FakeFaultRequest} */ (body));
        return json(res, 200, { target: targetsView().find((t) => t.name === target) });
      }
    }
    if (path === '/api/ops/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('retry: 2000\n\n: hello\n\n');
      streams.add(res);
      send(res, 'snapshot', snapshot());
      const timer = setInterval(() => send(res, 'snapshot', snapshot()), snapshotEveryMs);
      req.on('close', () => {
        clearInterval(timer);
        streams.delete(res);
      });
      return;
    }
    if (path === '/api/ops/checkout-mode')
      return json(res, 200, { mode: shop.mode, meta: { requestId: 'fake' } });
    if (path === '/api/ops/processes') {
      if (!supervisor) return json(res, 503, { error: { code: 'SUPERVISOR_UNAVAILABLE', message: 'none' } });
      return json(res, 200, { processes: processes.list(), meta: { requestId: 'fake' } });
    }
    if (path === '/api/resilience') {
      return json(res, 200, {
        upstreams: SERVICES.map((name) => ({
          name,
          state: breakers.get(name),
          retryAfterMs: 0,
          counts: {},
          lastTransition: transitions.get(name)?.at(-1) ?? null,
        })),
        meta: { requestId: 'fake' },
      });
    }
    if (path === '/registry.json') {
      return json(res, 200, {
        schemaVersion: 1,
        remotes: { cart: { entry: `${base}/remote-cart/mf-manifest.json`, release: 'local' } },
      });
    }
    if (path === '/remote-cart/mf-manifest.json') {
      if (faults.get('remote-cart')) {
        req.socket.destroy();
        return;
      }
      return json(res, 200, { name: 'cart' });
    }
    if (path === '/api/catalog/products') {
      log.cookies.push(req.headers.cookie ?? '');
      const items = shop.products.map((p) => ({ ...p }));
      if (breakers.get('catalog') !== 'closed') {
        return json(res, 200, { items, meta: {} }, { 'storefront-degraded': 'catalog; reason=circuit-open' });
      }
      return json(res, 200, { items, meta: { degraded: null } });
    }
    const body = req.method === 'POST' ? await readBody(req) : null;
    if (shop.handle(req, res, path, body)) return;
    json(res, 404, { error: { code: 'NOT_FOUND', message: path } });
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${addr.port}`;

  return {
    url: base,
    log,
    /** Targets with an active fault. */
    activeFaults: () => [...faults].filter(([, f]) => f !== null).map(([t]) => t),
    /** The running scenario, if any. */
    currentRun: runner.current,
    /** The shop's products, orders and counts (answers lost, replayed, dropped by a killed BFF). */
    shop,
    /** The processes the fake supervisor runs, and those killed. */
    processes,
    /** Closes the server, its streams and timers. */
    async close() {
      runner.dispose();
      for (const timer of [...timers, ...expiries.values()]) clearTimeout(timer);
      for (const res of streams) res.end();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
