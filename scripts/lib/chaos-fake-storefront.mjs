// A small stand-in for the storefront's origin, for the chaos tests: the fault API, the ops stream, the
// resilience summary, the registry, one catalog route and the cart remote's manifest. Injecting a fault into a
// service opens its "breaker"; clearing or expiry half-opens and then closes it, with transition events.
import http from 'node:http';
import { TARGETS } from './chaos-faults.mjs';

const SERVICES = ['catalog', 'cart', 'account'];

/**
 * @typedef {object} FakeFault
 * @property {string} type
 * @property {Record<string, number>} options
 * @property {string} injectedAt
 * @property {string | null} expiresAt
 */
/** @typedef {{ from: string, to: string, at: string, reason: string }} FakeTransition */

/**
 * Starts the fake on a free loopback port.
 * @param {{ demoMode?: boolean, snapshotEveryMs?: number, closeAfterMs?: number }} [opts]
 */
export async function startFakeStorefront(opts = {}) {
  const demoMode = opts.demoMode ?? true;
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
    TARGETS.map((name) => ({
      name,
      kind: name.startsWith('remote-') ? 'remote' : 'service',
      listen: 'http://127.0.0.1:0',
      upstream: 'http://127.0.0.1:0',
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
    faults: { available: demoMode, targets: demoMode ? targetsView() : [] },
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
      const body = req.method === 'PUT' ? await readBody(req) : null;
      log.faultCalls.push({ method: req.method ?? '', path, body });
      const target = decodeURIComponent(path.slice('/api/faults/'.length));
      if (path === '/api/faults' && req.method === 'GET')
        return json(res, 200, { targets: targetsView(), meta: {} });
      if (path === '/api/faults' && req.method === 'DELETE') {
        for (const t of TARGETS) clear(t);
        return json(res, 200, { targets: targetsView(), meta: {} });
      }
      if (!faults.has(target)) return json(res, 404, { error: { code: 'UNKNOWN_TARGET', message: target } });
      if (req.method === 'DELETE') {
        clear(target);
        return json(res, 200, { target: targetsView().find((t) => t.name === target) });
      }
      if (req.method === 'PUT') {
        const b = /** @type {{ type: string, options?: Record<string, number>, durationMs?: number }} */ (
          body
        );
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
      if (breakers.get('catalog') !== 'closed') {
        return json(
          res,
          200,
          { items: [], meta: {} },
          { 'storefront-degraded': 'catalog; reason=circuit-open' },
        );
      }
      return json(res, 200, { items: [], meta: { degraded: null } });
    }
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
    /** Closes the server, its streams and timers. */
    async close() {
      for (const timer of [...timers, ...expiries.values()]) clearTimeout(timer);
      for (const res of streams) res.end();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
