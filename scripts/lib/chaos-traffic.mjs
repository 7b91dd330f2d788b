// The traffic of `chaos run`: a steady rate of loopback requests over the scenario's paths, at most a few in
// flight, each answer counted as ok, degraded or failed for the upstream it belongs to.
import { performance } from 'node:perf_hooks';
import { ChaosError, isLoopbackUrl } from './chaos-api.mjs';
import { sleepUntil } from './chaos-duration.mjs';

/** At most this many traffic requests in flight: a demo, not a load test. */
export const MAX_CONCURRENCY = 4;

/**
 * @typedef {object} TrafficTarget
 * @property {string} label as written in the scenario
 * @property {string} url
 * @property {string} upstream whom the answer is attributed to
 * @property {boolean} sameOrigin
 */

/** @typedef {import('./chaos-report.mjs').TrafficStats} TrafficStats */

/**
 * Who the answers to a traffic path belong to (unless `Storefront-Degraded` names another service):
 * `remote-<name>` for `registry:<name>`, else the path's first segment under `/api/`.
 * @param {string} path
 * @returns {string}
 */
export function upstreamOfPath(path) {
  const registry = /^registry:(.+)$/.exec(path);
  if (registry) return `remote-${registry[1]}`;
  const api = /^\/api\/([^/?#]+)/.exec(path);
  return api?.[1] ?? path;
}

/**
 * Builds the traffic list; `registry:<remote>` becomes that remote's manifest URL from `/registry.json`.
 * @param {string} base
 * @param {string[]} paths
 * @param {import('./chaos-api.mjs').ChaosClient} client
 * @returns {Promise<TrafficTarget[]>}
 */
export async function resolveTraffic(base, paths, client) {
  const needsRegistry = paths.some((p) => p.startsWith('registry:'));
  const registry = needsRegistry ? await client.registry() : null;
  return paths.map((label) => {
    if (!label.startsWith('registry:')) {
      return { label, url: `${base}${label}`, upstream: upstreamOfPath(label), sameOrigin: true };
    }
    const name = label.slice('registry:'.length);
    const entry = registry?.remotes[name]?.entry;
    if (typeof entry !== 'string') {
      throw new ChaosError('REGISTRY_REMOTE_MISSING', `/registry.json has no entry for the remote "${name}"`);
    }
    if (!isLoopbackUrl(entry)) {
      throw new ChaosError(
        'NOT_LOOPBACK',
        `the ${name} remote's entry ${entry} is not on this machine; traffic stays local`,
      );
    }
    return { label, url: entry, upstream: upstreamOfPath(label), sameOrigin: false };
  });
}

/**
 * @typedef {object} TrafficOptions
 * @property {TrafficTarget[]} targets taken in turn
 * @property {number} ratePerSec
 * @property {number} lengthMs how long the traffic runs
 * @property {number} t0 performance.now() of the start
 * @property {number} concurrency requests in flight at the most; a tick with every slot busy is skipped
 * @property {number} requestTimeoutMs per request
 * @property {string} cookie sent on same-origin requests
 * @property {AbortSignal} stop no new request after it aborts
 */

/**
 * Starts the traffic; `finish()` (after `stop` aborted) waits for the loop, cuts off the requests in flight and
 * resolves once they are settled.
 * @param {TrafficOptions} opts
 */
export function driveTraffic(opts) {
  /** @type {Map<string, TrafficStats>} */
  const stats = new Map();
  const statsOf = (/** @type {string} */ name) => {
    let s = stats.get(name);
    if (!s) {
      s = { requests: 0, ok: 0, degraded: 0, errors: 0, latencies: [] };
      stats.set(name, s);
    }
    return s;
  };
  for (const t of opts.targets) statsOf(t.upstream);
  const counters = { sent: 0, skipped: 0, cancelled: 0 };
  const cutOff = new AbortController();
  /** @type {Set<Promise<void>>} */
  const inFlight = new Set();

  /** One request, counted for the upstream it belongs to (a request cut off at the end is not). */
  const hit = async (/** @type {TrafficTarget} */ target) => {
    const started = performance.now();
    const outcome = await requestOutcome(target, opts, cutOff.signal);
    if (outcome === null) {
      counters.cancelled += 1;
      return;
    }
    const s = statsOf(outcome.upstream);
    s.requests += 1;
    s[outcome.kind] += 1;
    s.latencies.push(performance.now() - started);
  };

  const loop = (async () => {
    const interval = 1000 / opts.ratePerSec;
    const maxRequests = Math.ceil((opts.ratePerSec * opts.lengthMs) / 1000) + 1;
    let next = opts.t0;
    let i = 0;
    while (!opts.stop.aborted && counters.sent + counters.skipped < maxRequests) {
      await sleepUntil(next, opts.stop);
      if (opts.stop.aborted) break;
      // After a stall (a busy machine), carry on from now instead of firing a burst to catch up.
      next = Math.max(next + interval, performance.now() - interval);
      if (inFlight.size >= opts.concurrency) {
        counters.skipped += 1;
        continue;
      }
      const target = opts.targets[i % opts.targets.length];
      i += 1;
      if (!target) break;
      counters.sent += 1;
      const p = hit(target).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  })();

  return {
    stats,
    counters,
    async finish() {
      await loop;
      cutOff.abort();
      await Promise.allSettled([...inFlight]);
    },
  };
}

/**
 * Sends one request and says how it went: degraded (`Storefront-Degraded` or 503, attributed to the service the
 * header names), ok, or errors; null when the end of the run cut it off.
 * @param {TrafficTarget} target
 * @param {{ cookie: string, requestTimeoutMs: number }} opts
 * @param {AbortSignal} cutOff
 * @returns {Promise<{ kind: 'ok' | 'degraded' | 'errors', upstream: string } | null>}
 */
async function requestOutcome(target, opts, cutOff) {
  try {
    const res = await fetch(target.url, {
      headers: target.sameOrigin ? { cookie: opts.cookie, accept: 'application/json' } : {},
      redirect: 'manual',
      signal: AbortSignal.any([cutOff, AbortSignal.timeout(opts.requestTimeoutMs)]),
    });
    await res.arrayBuffer();
    const degradedHeader = res.headers.get('storefront-degraded');
    const upstream = degradedHeader?.split(';')[0]?.trim() || target.upstream;
    if (degradedHeader || res.status === 503) return { kind: 'degraded', upstream };
    return { kind: res.status < 400 ? 'ok' : 'errors', upstream };
  } catch {
    if (cutOff.aborted) return null;
    return { kind: 'errors', upstream: target.upstream };
  }
}
