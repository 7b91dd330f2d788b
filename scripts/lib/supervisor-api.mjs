// The supervisor's loopback API: what the BFF forwards `GET /api/ops/processes` and
// `POST /api/faults/processes/:name/kill` to (SUPERVISOR_URL), and `GET /metrics` for a Prometheus on this
// machine. Plain node:http, because it runs inside `npm start` itself, which must work before any install.
// Answers are JSON (but /metrics, Prometheus text) and never cached.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { METRICS_CONTENT_TYPE, processMetrics } from './supervisor-metrics.mjs';

/** @typedef {import('./supervisor.mjs').ProcessStatus} ProcessStatus */

/**
 * What the API needs of a running stack (a Stack from startStack fits).
 * @typedef {object} SupervisedStack
 * @property {() => ProcessStatus[]} status
 * @property {(name: string, signal?: NodeJS.Signals, opts?: { downForMs?: number }) => Promise<ProcessStatus>} kill
 *   SIGKILL; the supervisor restarts the process (not before `downForMs` when given)
 */

/**
 * Bounds of `?downForMs` on a kill: how long the supervisor keeps the process down before restarting it. The fault
 * proxy checks a kill step's `downForMs` against the same (apps/fault-proxy/src/scenarios.ts, DOWN_FOR_MS). Two
 * minutes at most: a demo outage, never a process left down for good.
 */
export const DOWN_FOR_MS = Object.freeze({ min: 1, max: 120_000 });

/**
 * Reads `downForMs` of a kill's query: undefined when absent, null when it is not an integer within bounds.
 * @param {URLSearchParams} query
 * @returns {number | null | undefined}
 */
export function readDownForMs(query) {
  const raw = query.get('downForMs');
  if (raw === null) return undefined;
  if (!/^[0-9]{1,9}$/.test(raw)) return null;
  const value = Number(raw);
  return value >= DOWN_FOR_MS.min && value <= DOWN_FOR_MS.max ? value : null;
}

/**
 * Whether an address is the loopback interface (IPv4 127/8, IPv6 ::1, or IPv4 mapped into IPv6).
 * @param {string | undefined} address
 * @returns {boolean}
 */
export function isLoopback(address) {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
function send(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/**
 * The storefront's one error envelope (docs/errors.md).
 * @param {string} code
 * @param {string} message
 */
const error = (code, message) => ({ error: { code, message }, meta: { requestId: randomUUID() } });

/** Host names a request to this API may carry: anything else is a DNS-rebinding page pointed at 127.0.0.1. */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether the Host header names this machine by a loopback name (any port).
 * @param {string | undefined} host
 * @returns {boolean}
 */
export function isLoopbackHost(host) {
  if (host === undefined) return false;
  const name = host.toLowerCase().replace(/:\d+$/, '');
  return LOOPBACK_NAMES.has(name) || /^127(\.\d{1,3}){3}$/.test(name);
}

/**
 * Why a request is refused before routing, or null. Only programs on this machine call this API (the BFF, the
 * fault proxy, the chaos CLI): a browser's request — it always names its page in `Origin` or `Sec-Fetch-Site` on
 * a POST — is a page trying to kill the demo's processes.
 * @param {http.IncomingMessage} req
 * @returns {[number, string, string] | null}
 */
function refusal(req) {
  if (!isLoopback(req.socket.remoteAddress)) {
    return [403, 'LOOPBACK_ONLY', 'the supervisor API answers loopback clients only'];
  }
  if (!isLoopbackHost(req.headers.host)) {
    return [403, 'HOST_NOT_ALLOWED', 'the supervisor API answers requests addressed to localhost only'];
  }
  const site = req.headers['sec-fetch-site'];
  if (req.headers.origin !== undefined || (site !== undefined && site !== 'none')) {
    return [403, 'CROSS_SITE_REQUEST', 'the supervisor API does not answer web pages'];
  }
  return null;
}

const KILL_ROUTE = /^\/processes\/([^/]+)\/kill$/;

/** @param {string} segment @returns {string | null} null when it is not valid percent-encoding */
function safeDecode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * Answers one request.
 * @param {SupervisedStack} stack
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @returns {Promise<void>}
 */
async function handle(stack, req, res) {
  // Nothing here reads a body: drain it so that the connection can be reused.
  req.resume();
  const refused = refusal(req);
  if (refused) {
    send(res, refused[0], error(refused[1], refused[2]));
    return;
  }
  const url = new URL(req.url ?? '/', 'http://supervisor.invalid');
  const path = url.pathname;
  const method = req.method ?? 'GET';
  if (path === '/processes') {
    if (method !== 'GET' && method !== 'HEAD') {
      send(res, 405, error('METHOD_NOT_ALLOWED', `${method} ${path} is not allowed`), { allow: 'GET, HEAD' });
      return;
    }
    send(res, 200, { processes: stack.status() });
    return;
  }
  if (path === '/metrics') {
    if (method !== 'GET' && method !== 'HEAD') {
      send(res, 405, error('METHOD_NOT_ALLOWED', `${method} ${path} is not allowed`), { allow: 'GET, HEAD' });
      return;
    }
    const text = processMetrics(stack.status());
    res.writeHead(200, {
      'content-type': METRICS_CONTENT_TYPE,
      'content-length': Buffer.byteLength(text),
      'cache-control': 'no-store',
    });
    res.end(text);
    return;
  }
  const kill = KILL_ROUTE.exec(path);
  if (kill) {
    if (method !== 'POST') {
      send(res, 405, error('METHOD_NOT_ALLOWED', `${method} ${path} is not allowed`), { allow: 'POST' });
      return;
    }
    const name = safeDecode(kill[1] ?? '');
    if (name === null || !stack.status().some((p) => p.name === name)) {
      send(res, 404, error('PROCESS_NOT_FOUND', `no process named ${name ?? kill[1]}`));
      return;
    }
    const downForMs = readDownForMs(url.searchParams);
    if (downForMs === null) {
      const bounds = `an integer from ${DOWN_FOR_MS.min} to ${DOWN_FOR_MS.max}`;
      send(res, 400, error('INVALID_REQUEST', `downForMs must be ${bounds} (milliseconds)`));
      return;
    }
    const opts = downForMs === undefined ? {} : { downForMs };
    send(res, 202, { process: await stack.kill(name, 'SIGKILL', opts) });
    return;
  }
  send(res, 404, error('NOT_FOUND', `${method} ${path} does not exist`));
}

/**
 * Starts the API on `host:port` (port 0 picks a free one).
 * @param {SupervisedStack} stack
 * @param {{ port: number, host?: string, log?: (line: string) => void }} opts
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startSupervisorApi(stack, { port, host = '127.0.0.1', log = () => {} }) {
  const server = http.createServer((req, res) => {
    handle(stack, req, res).catch((err) => {
      const message = err instanceof Error ? err.message : String(err);
      log(`${req.method} ${req.url} failed: ${message}`);
      if (!res.headersSent)
        send(res, 500, error('INTERNAL_ERROR', 'the supervisor failed to answer; see its log'));
      else res.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the supervisor API is not listening');
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      }),
  };
}
