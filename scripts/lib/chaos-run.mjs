// The scenario runner behind `chaos run`: asks the fault proxy to run the scenario (the proxy executes the steps,
// for the console and the CLI alike), drives loopback traffic through the shell's origin, follows the breakers,
// faults and scenario on `/api/ops/stream`, always cancels and clears at the end (also when stopped early) and
// returns a report that `formatReport` prints.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ChaosError, createChaosClient, isLoopbackUrl, normaliseBaseUrl } from './chaos-api.mjs';
import { formatMs } from './chaos-duration.mjs';
import { describeFault, isRecord } from './chaos-faults.mjs';
import { readSse } from './chaos-sse.mjs';

/** At most this many traffic requests in flight: a demo, not a load test. */
export const MAX_CONCURRENCY = 4;
/** Speeds the fault proxy accepts for a scenario. */
export const SPEED = Object.freeze({ min: 0.1, max: 20 });
/** A fault gone this close to its expiry time (snapshots are a second apart) counts as expired, not cleared. */
const EXPIRY_SLACK_MS = 500;

/**
 * @typedef {object} RunOptions
 * @property {string} baseUrl the shell's origin
 * @property {import('./chaos-scenario.mjs').Scenario} scenario
 * @property {number} [speed] 0.1–20; the proxy divides every scenario time (steps, fault durations) by it, the
 *   traffic runs for the scaled length; fault options keep their values
 * @property {AbortSignal} [signal] aborting stops early; the scenario is still cancelled, the faults cleared and
 *   the report returned
 * @property {(line: string) => void} [log] live progress lines
 * @property {number} [requestTimeoutMs] per traffic request (default 10 s: above the BFF's worst case with retries)
 * @property {number} [concurrency] 1 to MAX_CONCURRENCY
 */

/**
 * @typedef {{ atMs: number, kind: 'inject', target: string, fault: string, durationMs: number | null }
 *   | { atMs: number, kind: 'clear', target: string, reason: 'step' | 'cleanup' }
 *   | { atMs: number, kind: 'expired', target: string }
 *   | { atMs: number, kind: 'transition', upstream: string, from: string, to: string, reason: string | null }
 *   | { atMs: number, kind: 'scenario', name: string, event: 'started' | 'finished' | 'cancelled' | 'replaced' }
 *   | { atMs: number, kind: 'error', message: string }} TimelineEntry
 */

/**
 * @typedef {object} UpstreamReport
 * @property {string} name `catalog`, `cart`, `account` (breakers) or `remote-<name>` (static hosts, no breaker)
 * @property {boolean} breaker whether the BFF reports a breaker for it
 * @property {string | null} finalState breaker state at the end
 * @property {number} openMs time the breaker was not closed (open or half-open) during the run
 * @property {number} transitions
 * @property {number} requests traffic answered (requests cut off by the end of the run are not counted)
 * @property {number} ok
 * @property {number} degraded answers with `Storefront-Degraded` or a 503
 * @property {number} errors other failures (refused connection, timeout, other 4xx/5xx)
 * @property {number | null} medianMs
 * @property {number | null} maxMs
 */

/**
 * @typedef {object} ChaosReport
 * @property {string} scenario
 * @property {number} speed
 * @property {string} startedAt ISO time
 * @property {number} durationMs real time from start to the end of the cleanup
 * @property {boolean} aborted stopped before the scenario's end
 * @property {TimelineEntry[]} timeline in time order
 * @property {UpstreamReport[]} upstreams
 * @property {{ sent: number, skipped: number, cancelled: number }} traffic skipped: ticks with all slots busy
 * @property {string[]} injected targets that got a fault during the run (as the proxy reported them)
 * @property {{ cleared: string[], failed: { target: string, message: string }[], stillActive: string[] }} cleanup
 *   cleared: targets faulty at the end; stillActive: targets with a fault after `DELETE /api/faults`
 * @property {boolean} breakersKnown whether breaker states could be read at the end
 * @property {boolean} allBreakersClosed
 * @property {string[]} notClosed e.g. `catalog (open)`
 * @property {string[]} warnings
 */

/**
 * @typedef {object} TrafficTarget
 * @property {string} label as written in the scenario
 * @property {string} url
 * @property {string} upstream whom the answer is attributed to
 * @property {boolean} sameOrigin
 */

/**
 * Resolves when `deadline` (performance.now() time) is reached or the signal aborts.
 * @param {number} deadline
 * @param {AbortSignal} signal
 * @returns {Promise<void>}
 */
function sleepUntil(deadline, signal) {
  return new Promise((resolve) => {
    const wait = deadline - performance.now();
    if (signal.aborted || wait <= 0) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, wait);
    signal.addEventListener('abort', done);
  });
}

/**
 * Median of a list of numbers (null when empty).
 * @param {number[]} values
 * @returns {number | null}
 */
export function median(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

/**
 * Who an answer belongs to: the service named by `Storefront-Degraded`, else the path's first segment
 * under `/api/`.
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
async function resolveTraffic(base, paths, client) {
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
 * Whether two views of a target's fault are the same fault (a flapping fault's `phase` may differ).
 * @param {import('./chaos-api.mjs').ActiveFault | null} a
 * @param {import('./chaos-api.mjs').ActiveFault | null} b
 * @returns {boolean}
 */
function sameFault(a, b) {
  if (a === null || b === null) return a === b;
  return (
    a.type === b.type &&
    a.injectedAt === b.injectedAt &&
    JSON.stringify(a.options) === JSON.stringify(b.options)
  );
}

/**
 * Reads a breaker transition out of a `transition` event or a snapshot's `transitions` item.
 * @param {unknown} raw
 * @param {string | undefined} upstream name when the item sits under its upstream
 * @returns {{ upstream: string, from: string, to: string, at: string | null, reason: string | null } | null}
 */
function transitionOf(raw, upstream) {
  if (!isRecord(raw)) return null;
  const inner = isRecord(raw.transition) ? raw.transition : raw;
  const name = upstream ?? (typeof raw.upstream === 'string' ? raw.upstream : raw.name);
  const { from, to, at, reason } = inner;
  if (typeof name !== 'string' || typeof from !== 'string' || typeof to !== 'string') return null;
  return {
    upstream: name,
    from,
    to,
    at: typeof at === 'string' ? at : null,
    reason: typeof reason === 'string' ? reason : null,
  };
}

/**
 * Runs a scenario through the fault proxy, drives its traffic and returns the report. Throws a ChaosError before
 * the scenario starts when the storefront, its fault API, the proxy's copy of the scenario or the registry is not
 * usable.
 * @param {RunOptions} opts
 * @returns {Promise<ChaosReport>}
 */
export async function runScenario(opts) {
  const { scenario } = opts;
  const speed = opts.speed ?? 1;
  if (!(speed >= SPEED.min && speed <= SPEED.max))
    throw new ChaosError('BAD_SPEED', `--speed must be from ${SPEED.min} to ${SPEED.max}`, 2);
  const base = normaliseBaseUrl(opts.baseUrl);
  if (!isLoopbackUrl(base)) {
    throw new ChaosError(
      'NOT_LOOPBACK',
      `${base} is not on this machine; chaos runs only drive loopback traffic`,
      2,
    );
  }
  const log = opts.log ?? (() => {});
  const concurrency = Math.min(MAX_CONCURRENCY, Math.max(1, opts.concurrency ?? MAX_CONCURRENCY));
  const requestTimeoutMs = opts.requestTimeoutMs ?? 10_000;
  const client = createChaosClient(base);

  // Preflight: every one of these fails with a clear error before the scenario starts.
  const faultsBefore = await client.listFaults();
  const traffic = await resolveTraffic(base, scenario.traffic.paths, client);
  /** @type {string[]} */
  const warnings = [];
  for (const t of faultsBefore) {
    if (t.fault) {
      warnings.push(
        `${t.name} already had a fault (${describeFault(t.fault)}) before the run; it was cleared at the end`,
      );
    }
  }
  /** @type {Map<string, string>} breaker state per upstream as last known */
  const states = new Map();
  /** @type {Map<string, string>} */
  const initialStates = new Map();
  try {
    for (const u of await client.resilience()) {
      states.set(u.name, u.state);
      initialStates.set(u.name, u.state);
    }
  } catch (err) {
    warnings.push(`breaker states unknown at start: ${err instanceof Error ? err.message : String(err)}`);
  }

  // An anonymous cart id of our own, so `/api/cart` reaches the cart service (without one the BFF answers an
  // empty cart itself). Reads only: nothing is ever written to this cart.
  const cookie = `sf_cart=${randomBytes(16).toString('base64url')}`;

  // The fault proxy executes the steps (one executor for the console and the CLI); this run only starts it.
  /** @type {import('./chaos-api.mjs').ScenarioRun | null} */
  let run;
  try {
    run = await client.runScenario(scenario.name, speed);
  } catch (err) {
    // A request that timed out may still have started it.
    if (err instanceof ChaosError && err.code === 'CONNECTION_FAILED')
      await client.cancelScenario().catch(() => {});
    throw err;
  }
  const proxyStart = run ? Date.parse(run.startedAt) : Number.NaN;
  const proxyEnd = run ? Date.parse(run.endsAt) : Number.NaN;
  const startEpoch = Number.isNaN(proxyStart) ? Date.now() : Math.min(proxyStart, Date.now());
  const startedAt = new Date(startEpoch);
  // performance.now() of the proxy's start, so that timeline times count from the scenario's start.
  const t0 = performance.now() - (Date.now() - startEpoch);
  const now = () => performance.now() - t0;
  const scaled = (/** @type {number} */ ms) => ms / speed;
  const lengthMs =
    Number.isNaN(proxyStart) || Number.isNaN(proxyEnd) || proxyEnd <= proxyStart
      ? scaled(scenario.durationMs)
      : proxyEnd - proxyStart;
  const endAt = t0 + lengthMs;

  /** @type {TimelineEntry[]} */
  const timeline = [];
  const stamp = (/** @type {number} */ ms) => `t+${(ms / 1000).toFixed(1).padStart(5)}s`;
  /** @param {TimelineEntry} entry */
  const record = (entry) => {
    timeline.push(entry);
    log(`${stamp(entry.atMs)}  ${describeEntry(entry)}`);
  };
  record({ atMs: 0, kind: 'scenario', name: scenario.name, event: 'started' });

  const stop = new AbortController();
  const onUserAbort = () => stop.abort();
  opts.signal?.addEventListener('abort', onUserAbort);
  if (opts.signal?.aborted) stop.abort();

  // --- what the proxy reports: faults per target and the running scenario --------------------------------
  /** @type {Map<string, import('./chaos-api.mjs').ActiveFault | null>} */
  const faultState = new Map(faultsBefore.map((t) => [t.name, t.fault ?? null]));
  /** @type {Set<string>} targets that got a fault during the run */
  const injected = new Set();
  /** @type {string | null} `name@startedAt` of the scenario the proxy runs, as last seen */
  let scenarioKey = run ? `${run.name}@${run.startedAt}` : null;
  const ourKey = scenarioKey;
  /** Epoch ms → timeline ms (null when not a time). @param {unknown} iso */
  const relative = (iso) => {
    const epoch = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
    return Number.isNaN(epoch) ? null : Math.max(0, epoch - startEpoch);
  };

  /**
   * Turns a view of the targets (snapshot or `GET /api/faults`) into inject / clear / expired entries.
   * @param {unknown[]} targets
   * @param {number} receivedAtMs
   */
  const ingestFaults = (targets, receivedAtMs) => {
    for (const t of targets) {
      if (!isRecord(t) || typeof t.name !== 'string') continue;
      const fault = isRecord(t.fault) ? /** @type {import('./chaos-api.mjs').ActiveFault} */ (t.fault) : null;
      const before = faultState.get(t.name) ?? null;
      faultState.set(t.name, fault);
      if (sameFault(before, fault)) continue;
      if (fault) {
        injected.add(t.name);
        const at = relative(fault.injectedAt);
        const injectedEpoch = Date.parse(fault.injectedAt ?? '');
        const expiresEpoch = Date.parse(fault.expiresAt ?? '');
        const durationMs = Number.isNaN(injectedEpoch + expiresEpoch) ? null : expiresEpoch - injectedEpoch;
        record({
          atMs: at ?? receivedAtMs,
          kind: 'inject',
          target: t.name,
          fault: describeFault(fault),
          durationMs,
        });
      } else if (before) {
        // Gone at or after its expiry time: it expired; before it: something (a step, the console) cleared it.
        const expiresEpoch = Date.parse(before.expiresAt ?? '');
        if (!Number.isNaN(expiresEpoch) && expiresEpoch <= Date.now() + EXPIRY_SLACK_MS) {
          record({
            atMs: Math.min(receivedAtMs, Math.max(0, expiresEpoch - startEpoch)),
            kind: 'expired',
            target: t.name,
          });
        } else record({ atMs: receivedAtMs, kind: 'clear', target: t.name, reason: 'step' });
      }
    }
  };

  /**
   * Notes the end or replacement of our scenario.
   * @param {unknown} raw the `scenario` field of `faults`
   * @param {number} receivedAtMs
   */
  const ingestScenario = (raw, receivedAtMs) => {
    const key = isRecord(raw) && typeof raw.name === 'string' ? `${raw.name}@${String(raw.startedAt)}` : null;
    if (key === scenarioKey) return;
    if (scenarioKey === ourKey && ourKey !== null) {
      const replaced = key !== null;
      record({
        atMs: receivedAtMs,
        kind: 'scenario',
        name: scenario.name,
        event: replaced ? 'replaced' : 'finished',
      });
      if (replaced) warnings.push(`another scenario (${key}) was started during the run`);
    }
    scenarioKey = key;
  };

  // --- live stream: breaker transitions, fault and scenario changes ------------------------------------
  /** @type {Set<string>} */
  const seenTransitions = new Set();
  const streamAbort = new AbortController();
  let streamConnected = false;

  /**
   * @param {{ upstream: string, from: string, to: string, at: string | null, reason: string | null }} t
   * @param {number} receivedAtMs
   */
  const ingestTransition = (t, receivedAtMs) => {
    const atEpoch = t.at === null ? Number.NaN : Date.parse(t.at);
    // Snapshots repeat the last 50 transitions: older ones belong to before this run.
    if (!Number.isNaN(atEpoch) && atEpoch < startEpoch) return;
    const key = `${t.upstream}|${t.from}|${t.to}|${t.at ?? receivedAtMs}`;
    if (seenTransitions.has(key)) return;
    seenTransitions.add(key);
    states.set(t.upstream, t.to);
    const atMs = Number.isNaN(atEpoch) ? receivedAtMs : Math.max(0, atEpoch - startEpoch);
    record({ atMs, kind: 'transition', upstream: t.upstream, from: t.from, to: t.to, reason: t.reason });
  };

  /** @param {import('./chaos-sse.mjs').SseEvent} event */
  const onStreamEvent = (event) => {
    /** @type {unknown} */
    let data;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    const receivedAtMs = now();
    if (event.event === 'transition') {
      const t = transitionOf(data, undefined);
      if (t) ingestTransition(t, receivedAtMs);
      return;
    }
    if (event.event !== 'snapshot' || !isRecord(data)) return;
    for (const u of Array.isArray(data.upstreams) ? data.upstreams : []) {
      if (!isRecord(u) || typeof u.name !== 'string') continue;
      const name = u.name;
      for (const raw of Array.isArray(u.transitions) ? u.transitions : []) {
        const t = transitionOf(raw, name);
        if (t) ingestTransition(t, receivedAtMs);
      }
      // A change we saw no transition for (e.g. while reconnecting): still worth a line.
      const known = states.get(name);
      if (typeof u.state === 'string' && known !== undefined && known !== u.state) {
        ingestTransition(
          { upstream: name, from: known, to: u.state, at: null, reason: 'seen in snapshot' },
          receivedAtMs,
        );
      } else if (typeof u.state === 'string' && known === undefined) {
        states.set(name, u.state);
        if (!initialStates.has(name)) initialStates.set(name, u.state);
      }
    }
    // With the proxy unreachable (`available: false`) the targets are unknown, not fault-free.
    if (!isRecord(data.faults) || data.faults.available === false) return;
    if (Array.isArray(data.faults.targets)) ingestFaults(data.faults.targets, receivedAtMs);
    if (Object.hasOwn(data.faults, 'scenario')) ingestScenario(data.faults.scenario, receivedAtMs);
  };

  const streamDone = (async () => {
    let warned = false;
    while (!streamAbort.signal.aborted) {
      try {
        const res = await fetch(`${base}/api/ops/stream`, {
          headers: { accept: 'text/event-stream' },
          signal: streamAbort.signal,
        });
        if (res.status !== 200 || !res.body) {
          await res.body?.cancel();
          throw new Error(`HTTP ${res.status}`);
        }
        streamConnected = true;
        await readSse(res.body, onStreamEvent);
      } catch (err) {
        if (streamAbort.signal.aborted) break;
        if (!warned) {
          warned = true;
          const message = err instanceof Error ? err.message : String(err);
          warnings.push(`/api/ops/stream: ${message}; transitions and faults may be missing`);
          log(`warning: /api/ops/stream: ${message} (retrying)`);
        }
      }
      await sleepUntil(performance.now() + 1000, streamAbort.signal);
    }
  })();

  // --- traffic -------------------------------------------------------------------------------------------
  /** @type {Map<string, { requests: number, ok: number, degraded: number, errors: number, latencies: number[] }>} */
  const stats = new Map();
  const statsOf = (/** @type {string} */ name) => {
    let s = stats.get(name);
    if (!s) {
      s = { requests: 0, ok: 0, degraded: 0, errors: 0, latencies: [] };
      stats.set(name, s);
    }
    return s;
  };
  for (const t of traffic) statsOf(t.upstream);
  const counters = { sent: 0, skipped: 0, cancelled: 0 };
  const trafficAbort = new AbortController();
  /** @type {Set<Promise<void>>} */
  const inFlight = new Set();

  /** @param {TrafficTarget} target */
  const hit = async (target) => {
    const started = performance.now();
    /** @type {'ok' | 'degraded' | 'errors'} */
    let outcome;
    let upstream = target.upstream;
    try {
      const res = await fetch(target.url, {
        headers: target.sameOrigin ? { cookie, accept: 'application/json' } : {},
        redirect: 'manual',
        signal: AbortSignal.any([trafficAbort.signal, AbortSignal.timeout(requestTimeoutMs)]),
      });
      await res.arrayBuffer();
      const degradedHeader = res.headers.get('storefront-degraded');
      const service = degradedHeader?.split(';')[0]?.trim();
      if (service) upstream = service;
      if (degradedHeader || res.status === 503) outcome = 'degraded';
      else outcome = res.status < 400 ? 'ok' : 'errors';
    } catch {
      if (trafficAbort.signal.aborted) {
        counters.cancelled += 1;
        return;
      }
      outcome = 'errors';
    }
    const s = statsOf(upstream);
    s.requests += 1;
    s[outcome] += 1;
    s.latencies.push(performance.now() - started);
  };

  const trafficDone = (async () => {
    const interval = 1000 / scenario.traffic.ratePerSec;
    const maxRequests = Math.ceil((scenario.traffic.ratePerSec * lengthMs) / 1000) + 1;
    let next = t0;
    let i = 0;
    while (!stop.signal.aborted && counters.sent + counters.skipped < maxRequests) {
      await sleepUntil(next, stop.signal);
      if (stop.signal.aborted) break;
      // After a stall (a busy machine), carry on from now instead of firing a burst to catch up.
      next = Math.max(next + interval, performance.now() - interval);
      if (inFlight.size >= concurrency) {
        counters.skipped += 1;
        continue;
      }
      const target = traffic[i % traffic.length];
      i += 1;
      if (!target) break;
      counters.sent += 1;
      const p = hit(target).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  })();

  // --- run, then always clean up -------------------------------------------------------------------------
  await sleepUntil(endAt, stop.signal);
  const aborted = opts.signal?.aborted ?? false;
  stop.abort();
  await trafficDone;
  trafficAbort.abort();
  await Promise.allSettled([...inFlight]);

  // The latest state, in case the last snapshot is a second old.
  try {
    const latest = await client.listFaultsView();
    ingestFaults(latest.targets, now());
    if (latest.hasScenario) ingestScenario(latest.scenario, now());
  } catch {
    // The cleanup below reports an unreachable fault API.
  }

  /** @type {ChaosReport['cleanup']} */
  const cleanup = { cleared: [], failed: [], stillActive: [] };
  const wasFaulty = [...faultState].filter(([, f]) => f !== null).map(([name]) => name);
  const cleanupAtMs = now();
  /** @type {string | null} */
  let cancelError = null;
  try {
    await client.cancelScenario();
  } catch (err) {
    cancelError = err instanceof Error ? err.message : String(err);
  }
  if (scenarioKey === ourKey && ourKey !== null) {
    record({
      atMs: cleanupAtMs,
      kind: 'scenario',
      name: scenario.name,
      event: aborted ? 'cancelled' : 'finished',
    });
    scenarioKey = null;
  }
  // For safety: also clears faults injected by hand, and cancels the scenario if the call above failed.
  try {
    const after = await client.clearAll();
    for (const target of wasFaulty) {
      cleanup.cleared.push(target);
      faultState.set(target, null);
      record({ atMs: cleanupAtMs, kind: 'clear', target, reason: 'cleanup' });
    }
    cleanup.stillActive = after.filter((t) => t.fault).map((t) => t.name);
    if (cancelError !== null) warnings.push(`cancelling the scenario: ${cancelError}`);
  } catch (err) {
    if (cancelError !== null) cleanup.failed.push({ target: 'the scenario', message: cancelError });
    cleanup.failed.push({ target: 'every fault', message: err instanceof Error ? err.message : String(err) });
  }

  /** @type {Map<string, string>} */
  const finalStates = new Map();
  let breakersKnown = true;
  try {
    for (const u of await client.resilience()) finalStates.set(u.name, u.state);
  } catch {
    breakersKnown = streamConnected && states.size > 0;
    for (const [name, state] of states) finalStates.set(name, state);
  }
  // Give the stream a moment to deliver transitions that happened just before the end.
  await sleepUntil(performance.now() + 50, streamAbort.signal);
  streamAbort.abort();
  await streamDone;
  opts.signal?.removeEventListener('abort', onUserAbort);
  const endMs = now();

  timeline.sort((a, b) => a.atMs - b.atMs);
  const names = [...new Set([...initialStates.keys(), ...finalStates.keys(), ...stats.keys()])];
  /** @type {UpstreamReport[]} */
  const upstreams = names.map((name) => {
    const transitions = /** @type {Extract<TimelineEntry, { kind: 'transition' }>[]} */ (
      timeline.filter((e) => e.kind === 'transition' && e.upstream === name)
    );
    const breaker = initialStates.has(name) || finalStates.has(name) || transitions.length > 0;
    let state = initialStates.get(name) ?? transitions[0]?.from ?? 'closed';
    let since = 0;
    let openMs = 0;
    for (const t of transitions) {
      if (state !== 'closed') openMs += t.atMs - since;
      state = t.to;
      since = t.atMs;
    }
    if (breaker && state !== 'closed') openMs += Math.max(0, endMs - since);
    const s = statsOf(name);
    const med = median(s.latencies);
    return {
      name,
      breaker,
      finalState: breaker ? (finalStates.get(name) ?? state) : null,
      openMs: Math.round(openMs),
      transitions: transitions.length,
      requests: s.requests,
      ok: s.ok,
      degraded: s.degraded,
      errors: s.errors,
      medianMs: med === null ? null : Math.round(med),
      maxMs: s.latencies.length ? Math.round(Math.max(...s.latencies)) : null,
    };
  });
  const notClosed = upstreams
    .filter((u) => u.breaker && u.finalState !== 'closed')
    .map((u) => `${u.name} (${u.finalState})`);
  return {
    scenario: scenario.name,
    speed,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(endMs),
    aborted,
    timeline,
    upstreams,
    traffic: counters,
    injected: [...injected],
    cleanup,
    breakersKnown,
    allBreakersClosed: breakersKnown && notClosed.length === 0,
    notClosed,
    warnings,
  };
}

/**
 * One timeline entry as text (without its time).
 * @param {TimelineEntry} entry
 * @returns {string}
 */
export function describeEntry(entry) {
  switch (entry.kind) {
    case 'inject':
      return `inject   ${entry.target}: ${entry.fault}${entry.durationMs ? ` for ${formatMs(entry.durationMs)}` : ''}`;
    case 'clear':
      return `clear    ${entry.target}${entry.reason === 'cleanup' ? ' (cleanup)' : ''}`;
    case 'expired':
      return `expired  ${entry.target}`;
    case 'transition':
      return `breaker  ${entry.upstream}: ${entry.from} → ${entry.to}${entry.reason ? ` (${entry.reason})` : ''}`;
    case 'scenario':
      return `scenario ${entry.name} ${entry.event}`;
    case 'error':
      return `error    ${entry.message}`;
  }
}

/**
 * The report as printable text: timeline, a table per upstream and the verdict on the breakers.
 * @param {ChaosReport} report
 * @returns {string}
 */
export function formatReport(report) {
  const lines = [];
  const speed = report.speed === 1 ? '' : ` at ${report.speed}× speed`;
  lines.push(
    `\nscenario ${report.scenario}${speed}: ${formatMs(report.durationMs)}${report.aborted ? ' (stopped early)' : ''}`,
  );
  lines.push('\ntimeline');
  if (report.timeline.length === 0) lines.push('  (nothing happened)');
  for (const e of report.timeline)
    lines.push(`  t+${(e.atMs / 1000).toFixed(1).padStart(5)}s  ${describeEntry(e)}`);

  lines.push('\nupstreams');
  const header = [
    'upstream',
    'breaker',
    'open',
    'transitions',
    'requests',
    'ok',
    'degraded',
    'errors',
    'median',
    'max',
  ];
  const rows = report.upstreams.map((u) => [
    u.name,
    u.finalState ?? '-',
    u.breaker ? formatMs(u.openMs) : '-',
    String(u.transitions),
    String(u.requests),
    String(u.ok),
    String(u.degraded),
    String(u.errors),
    u.medianMs === null ? '-' : formatMs(u.medianMs),
    u.maxMs === null ? '-' : formatMs(u.maxMs),
  ]);
  lines.push(...table(header, rows).map((l) => `  ${l}`));
  const { sent, skipped, cancelled } = report.traffic;
  lines.push(
    `  traffic: ${sent} requests sent, ${skipped} ticks skipped (all slots busy), ${cancelled} cut off at the end`,
  );

  for (const w of report.warnings) lines.push(`warning: ${w}`);
  for (const f of report.cleanup.failed) lines.push(`warning: could not clear ${f.target}: ${f.message}`);
  if (report.cleanup.stillActive.length > 0)
    lines.push(`warning: still faulty: ${report.cleanup.stillActive.join(', ')}`);
  if (
    report.injected.length > 0 &&
    report.cleanup.failed.length === 0 &&
    report.cleanup.stillActive.length === 0
  ) {
    lines.push(`faults cleared: ${report.injected.join(', ')}`);
  }
  if (!report.breakersKnown) lines.push('breaker states unknown at the end');
  else
    lines.push(
      report.allBreakersClosed ? 'all breakers closed' : `not closed: ${report.notClosed.join(', ')}`,
    );
  return lines.join('\n');
}

/**
 * Pads columns into aligned text lines.
 * @param {string[]} header
 * @param {string[][]} rows
 * @returns {string[]}
 */
export function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (/** @type {string[]} */ cells) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
