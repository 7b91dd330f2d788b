// Following the scenario the fault proxy runs during `chaos run` (the `scenario` of its state): when ours ends or
// another replaces it, and each of its kill steps with how it went, as timeline entries.
import { isRecord } from './chaos-faults.mjs';
import { sinceStart } from './chaos-timeline.mjs';

/** @typedef {import('./chaos-report.mjs').TimelineEntry} TimelineEntry */
/** @typedef {import('./chaos-timeline.mjs').Timeline} Timeline */

/**
 * Reads one kill of a run's state (`scenario.kills`, fault proxy) into a timeline entry.
 * @param {unknown} raw
 * @param {number} startEpoch
 * @param {number} receivedAtMs
 * @returns {{ step: unknown, entry: TimelineEntry } | null}
 */
function killEntry(raw, startEpoch, receivedAtMs) {
  if (!isRecord(raw) || typeof raw.process !== 'string') return null;
  const killed = raw.result === 'killed';
  // The supervisor answers once the process is gone: usually no pid yet, the restart comes next.
  const pid = typeof raw.pid === 'number' ? `pid ${raw.pid}` : 'restarting';
  const detail = killed
    ? `${pid}, restarts ${typeof raw.restarts === 'number' ? raw.restarts : '?'}`
    : typeof raw.message === 'string'
      ? raw.message
      : 'no reason given';
  const atMs = sinceStart(raw.at, startEpoch) ?? receivedAtMs;
  return { step: raw.step, entry: { atMs, kind: 'kill', process: raw.process, killed, detail } };
}

/**
 * Follows the scenario the proxy runs: notes when ours finishes or another replaces it, and each of its kills.
 * @param {{ timeline: Timeline, name: string, run: import('./chaos-api.mjs').ScenarioRun | null,
 *   warn: (text: string) => void, startEpoch?: number }} opts
 */
export function createScenarioTracker({ timeline, name, run, warn, startEpoch = Date.now() }) {
  /** `name@startedAt` of the scenario the proxy runs, as last seen; ours at first. */
  const ours = run ? `${run.name}@${run.startedAt}` : null;
  let current = ours;
  const oursRunning = () => current === ours && ours !== null;
  /** Steps of ours whose kill is on the timeline (the run's state lists every kill so far, every second). */
  const killsSeen = new Set();
  return {
    /**
     * Takes the `scenario` field of a view of the faults.
     * @param {unknown} raw
     * @param {number} receivedAtMs
     */
    ingest(raw, receivedAtMs) {
      const key =
        isRecord(raw) && typeof raw.name === 'string' ? `${raw.name}@${String(raw.startedAt)}` : null;
      if (key === ours && isRecord(raw) && Array.isArray(raw.kills)) {
        for (const item of raw.kills) {
          const kill = killEntry(item, startEpoch, receivedAtMs);
          if (kill === null || killsSeen.has(kill.step)) continue;
          killsSeen.add(kill.step);
          timeline.record(kill.entry);
        }
      }
      if (key === current) return;
      if (oursRunning()) {
        const replaced = key !== null;
        timeline.record({
          atMs: receivedAtMs,
          kind: 'scenario',
          name,
          event: replaced ? 'replaced' : 'finished',
        });
        if (replaced) warn(`another scenario (${key}) was started during the run`);
      }
      current = key;
    },
    /**
     * Ours is over at the cleanup: finished, or cancelled when stopped early (unless already seen to end).
     * @param {number} atMs
     * @param {boolean} aborted
     */
    end(atMs, aborted) {
      if (!oursRunning()) return;
      timeline.record({ atMs, kind: 'scenario', name, event: aborted ? 'cancelled' : 'finished' });
      current = null;
    },
  };
}
