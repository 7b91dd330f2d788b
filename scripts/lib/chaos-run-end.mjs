// The end of `chaos run`: catch up with the latest state, cancel the scenario and clear every fault (also when
// stopped early), read the breakers one last time, and put the report together.
import { upstreamReport } from './chaos-report.mjs';

/** @typedef {import('./chaos-report.mjs').ChaosReport} ChaosReport */
/** @typedef {import('./chaos-api.mjs').ChaosClient} ChaosClient */
/** @typedef {import('./chaos-stream.mjs').Trackers} Trackers */
/** @typedef {import('./chaos-timeline.mjs').Timeline} Timeline */

/**
 * The latest faults and scenario, in case the last snapshot is a second old.
 * @param {ChaosClient} client
 * @param {Trackers} trackers
 * @param {() => number} now
 */
export async function catchUp(client, trackers, now) {
  try {
    const latest = await client.listFaultsView();
    trackers.faults.ingest(latest.targets, now());
    if (latest.hasScenario) trackers.scenario.ingest(latest.scenario, now());
  } catch {
    // The cleanup reports an unreachable fault API.
  }
}

/**
 * Cancels the scenario and clears every fault (also those injected by hand, and the scenario's if cancelling
 * failed); says what was cleared, what could not be and what is still faulty.
 * @param {{ client: ChaosClient, trackers: Trackers, timeline: Timeline,
 *   atMs: number, aborted: boolean, warnings: string[] }} opts
 * @returns {Promise<ChaosReport['cleanup']>}
 */
export async function cleanUp({ client, trackers, timeline, atMs, aborted, warnings }) {
  /** @type {ChaosReport['cleanup']} */
  const cleanup = { cleared: [], failed: [], stillActive: [] };
  const wasFaulty = trackers.faults.faulty();
  /** @type {string | null} */
  let cancelError = null;
  try {
    await client.cancelScenario();
  } catch (err) {
    cancelError = err instanceof Error ? err.message : String(err);
  }
  trackers.scenario.end(atMs, aborted);
  try {
    const after = await client.clearAll();
    for (const target of wasFaulty) {
      cleanup.cleared.push(target);
      trackers.faults.state.set(target, null);
      timeline.record({ atMs, kind: 'clear', target, reason: 'cleanup' });
    }
    cleanup.stillActive = after.filter((t) => t.fault).map((t) => t.name);
    if (cancelError !== null) warnings.push(`cancelling the scenario: ${cancelError}`);
  } catch (err) {
    if (cancelError !== null) cleanup.failed.push({ target: 'the scenario', message: cancelError });
    cleanup.failed.push({ target: 'every fault', message: err instanceof Error ? err.message : String(err) });
  }
  return cleanup;
}

/**
 * Every breaker's state at the end, from `/api/resilience` or else as the stream last showed it.
 * @param {ChaosClient} client
 * @param {Map<string, string>} lastSeen
 * @param {boolean} streamConnected
 */
export async function finalBreakerStates(client, lastSeen, streamConnected) {
  /** @type {Map<string, string>} */
  const states = new Map();
  try {
    for (const u of await client.resilience()) states.set(u.name, u.state);
    return { states, known: true };
  } catch {
    for (const [name, state] of lastSeen) states.set(name, state);
    return { states, known: streamConnected && lastSeen.size > 0 };
  }
}

/**
 * @typedef {object} ReportInput
 * @property {import('./chaos-scenario.mjs').Scenario} scenario
 * @property {number} speed
 * @property {number} startEpoch
 * @property {number} endMs
 * @property {boolean} aborted
 * @property {Timeline} timeline
 * @property {Trackers} trackers
 * @property {{ stats: Map<string, import('./chaos-report.mjs').TrafficStats>,
 *   counters: ChaosReport['traffic'] }} traffic the requests per upstream (paths or shoppers)
 * @property {ChaosReport['checkout']} checkout the checkout section, with checkout traffic
 * @property {ChaosReport['cleanup']} cleanup
 * @property {{ states: Map<string, string>, known: boolean }} final
 * @property {string[]} warnings
 */

/**
 * Puts the report together: the timeline in time order and one line per upstream seen.
 * @param {ReportInput} input
 * @returns {ChaosReport}
 */
export function buildReport(input) {
  const { timeline, trackers, traffic, final } = input;
  const entries = timeline.entries.sort((a, b) => a.atMs - b.atMs);
  const { initialStates } = trackers.breakers;
  const names = [...new Set([...initialStates.keys(), ...final.states.keys(), ...traffic.stats.keys()])];
  const noTraffic = { requests: 0, ok: 0, degraded: 0, errors: 0, latencies: [] };
  const upstreams = names.map((name) =>
    upstreamReport({
      name,
      timeline: entries,
      initialStates,
      finalStates: final.states,
      stats: traffic.stats.get(name) ?? noTraffic,
      endMs: input.endMs,
    }),
  );
  const notClosed = upstreams
    .filter((u) => u.breaker && u.finalState !== 'closed')
    .map((u) => `${u.name} (${u.finalState})`);
  return {
    scenario: input.scenario.name,
    speed: input.speed,
    startedAt: new Date(input.startEpoch).toISOString(),
    durationMs: Math.round(input.endMs),
    aborted: input.aborted,
    timeline: entries,
    upstreams,
    traffic: traffic.counters,
    injected: [...trackers.faults.injected],
    cleanup: input.cleanup,
    breakersKnown: final.known,
    allBreakersClosed: final.known && notClosed.length === 0,
    notClosed,
    warnings: input.warnings,
    checkout: input.checkout,
  };
}
