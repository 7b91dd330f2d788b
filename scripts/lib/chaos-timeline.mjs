// The timeline of `chaos run`: what the fault proxy and the BFF report (faults per target, breaker transitions;
// the running scenario in chaos-scenario-tracker.mjs), turned into timeline entries once each, in time since the
// scenario's start.
import { describeFault, isRecord } from './chaos-faults.mjs';
import { describeEntry, stamp } from './chaos-report.mjs';

/** A fault gone this close to its expiry time (snapshots are a second apart) counts as expired, not cleared. */
const EXPIRY_SLACK_MS = 500;

/** @typedef {import('./chaos-report.mjs').TimelineEntry} TimelineEntry */
/** @typedef {import('./chaos-api.mjs').ActiveFault} ActiveFault */
/** @typedef {{ upstream: string, from: string, to: string, at: string | null, reason: string | null }} Transition */

/**
 * The entries of a run; each one recorded is also logged as a live progress line.
 * @param {(line: string) => void} log
 */
export function createTimeline(log) {
  /** @type {TimelineEntry[]} */
  const entries = [];
  return {
    entries,
    /** @param {TimelineEntry} entry */
    record(entry) {
      entries.push(entry);
      log(`${stamp(entry.atMs)}  ${describeEntry(entry)}`);
    },
  };
}

/** @typedef {ReturnType<typeof createTimeline>} Timeline */

/**
 * Epoch time of an ISO text as time since the start (null when it is not a time).
 * @param {unknown} iso
 * @param {number} startEpoch
 * @returns {number | null}
 */
export function sinceStart(iso, startEpoch) {
  const epoch = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(epoch) ? null : Math.max(0, epoch - startEpoch);
}

/**
 * Whether two views of a target's fault are the same fault (a flapping fault's `phase` may differ).
 * @param {ActiveFault | null} a
 * @param {ActiveFault | null} b
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
 * Follows each target's fault: a new one is an inject entry, one gone at its expiry time expired, one gone
 * before it cleared.
 * @param {{ timeline: Timeline, startEpoch: number, before: import('./chaos-api.mjs').FaultTarget[] }} opts
 */
export function createFaultTracker({ timeline, startEpoch, before }) {
  /** @type {Map<string, ActiveFault | null>} */
  const state = new Map(before.map((t) => [t.name, t.fault ?? null]));
  /** @type {Set<string>} targets that got a fault during the run */
  const injected = new Set();

  /**
   * @param {string} target
   * @param {ActiveFault} fault
   * @param {number} receivedAtMs
   */
  const injectEntry = (target, fault, receivedAtMs) => {
    injected.add(target);
    const injectedEpoch = Date.parse(fault.injectedAt ?? '');
    const expiresEpoch = Date.parse(fault.expiresAt ?? '');
    const durationMs = Number.isNaN(injectedEpoch + expiresEpoch) ? null : expiresEpoch - injectedEpoch;
    timeline.record({
      atMs: sinceStart(fault.injectedAt, startEpoch) ?? receivedAtMs,
      kind: 'inject',
      target,
      fault: describeFault(fault),
      durationMs,
    });
  };

  /**
   * @param {string} target
   * @param {ActiveFault} before
   * @param {number} receivedAtMs
   */
  const goneEntry = (target, before, receivedAtMs) => {
    // Gone at or after its expiry time: it expired; before it: something (a step, the console) cleared it.
    const expiresEpoch = Date.parse(before.expiresAt ?? '');
    if (!Number.isNaN(expiresEpoch) && expiresEpoch <= Date.now() + EXPIRY_SLACK_MS) {
      const atMs = Math.min(receivedAtMs, Math.max(0, expiresEpoch - startEpoch));
      timeline.record({ atMs, kind: 'expired', target });
    } else timeline.record({ atMs: receivedAtMs, kind: 'clear', target, reason: 'step' });
  };

  return {
    state,
    injected,
    /**
     * Takes a view of the targets (a snapshot's or `GET /api/faults`).
     * @param {unknown[]} targets
     * @param {number} receivedAtMs
     */
    ingest(targets, receivedAtMs) {
      for (const t of targets) {
        if (!isRecord(t) || typeof t.name !== 'string') continue;
        const fault = isRecord(t.fault) ? /** @type {ActiveFault} */ (t.fault) : null;
        const previous = state.get(t.name) ?? null;
        state.set(t.name, fault);
        if (sameFault(previous, fault)) continue;
        if (fault) injectEntry(t.name, fault, receivedAtMs);
        else if (previous) goneEntry(t.name, previous, receivedAtMs);
      }
    },
    /** Targets with a fault as last seen. */
    faulty() {
      return [...state].filter(([, f]) => f !== null).map(([name]) => name);
    },
  };
}

/**
 * Reads a breaker transition out of a `transition` event or a snapshot's `transitions` item.
 * @param {unknown} raw
 * @param {string | undefined} upstream name when the item sits under its upstream
 * @returns {Transition | null}
 */
export function transitionOf(raw, upstream) {
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
 * Follows each upstream's breaker: every transition since the start once, and the state as last known.
 * @param {{ timeline: Timeline, startEpoch: number, initial: Map<string, string> }} opts
 */
export function createBreakerTracker({ timeline, startEpoch, initial }) {
  /** @type {Map<string, string>} state per upstream as last known */
  const states = new Map(initial);
  /** @type {Map<string, string>} state per upstream at the start (or when first seen) */
  const initialStates = new Map(initial);
  /** @type {Set<string>} */
  const seen = new Set();

  /**
   * @param {Transition} t
   * @param {number} receivedAtMs
   */
  const ingestTransition = (t, receivedAtMs) => {
    const atEpoch = t.at === null ? Number.NaN : Date.parse(t.at);
    // Snapshots repeat the last 50 transitions: older ones belong to before this run.
    if (!Number.isNaN(atEpoch) && atEpoch < startEpoch) return;
    const key = `${t.upstream}|${t.from}|${t.to}|${t.at ?? receivedAtMs}`;
    if (seen.has(key)) return;
    seen.add(key);
    states.set(t.upstream, t.to);
    const atMs = Number.isNaN(atEpoch) ? receivedAtMs : Math.max(0, atEpoch - startEpoch);
    timeline.record({
      atMs,
      kind: 'transition',
      upstream: t.upstream,
      from: t.from,
      to: t.to,
      reason: t.reason,
    });
  };

  return {
    states,
    initialStates,
    ingestTransition,
    /**
     * Takes one upstream of a snapshot: its recent transitions, and a state change seen without one.
     * @param {Record<string, unknown>} u
     * @param {number} receivedAtMs
     */
    ingestUpstream(u, receivedAtMs) {
      if (typeof u.name !== 'string') return;
      const name = u.name;
      for (const raw of Array.isArray(u.transitions) ? u.transitions : []) {
        const t = transitionOf(raw, name);
        if (t) ingestTransition(t, receivedAtMs);
      }
      // A change we saw no transition for (e.g. while reconnecting): still worth a line.
      const known = states.get(name);
      if (typeof u.state === 'string' && known !== undefined && known !== u.state) {
        const change = { upstream: name, from: known, to: u.state, at: null, reason: 'seen in snapshot' };
        ingestTransition(change, receivedAtMs);
      } else if (typeof u.state === 'string' && known === undefined) {
        states.set(name, u.state);
        if (!initialStates.has(name)) initialStates.set(name, u.state);
      }
    },
  };
}
