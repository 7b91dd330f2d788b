// Following `/api/ops/stream` during `chaos run`: reconnects every second while the run lasts, and hands each
// snapshot's breakers, faults and scenario, and each transition event, to the trackers.
import { performance } from 'node:perf_hooks';
import { sleepUntil } from './chaos-duration.mjs';
import { isRecord } from './chaos-faults.mjs';
import { readSse } from './chaos-sse.mjs';
import { transitionOf } from './chaos-timeline.mjs';

/**
 * @typedef {object} Trackers
 * @property {ReturnType<typeof import('./chaos-timeline.mjs').createBreakerTracker>} breakers
 * @property {ReturnType<typeof import('./chaos-timeline.mjs').createFaultTracker>} faults
 * @property {ReturnType<typeof import('./chaos-scenario-tracker.mjs').createScenarioTracker>} scenario
 */

/**
 * Hands one stream event to the trackers; malformed events are ignored.
 * @param {import('./chaos-sse.mjs').SseEvent} event
 * @param {() => number} now time since the scenario's start
 * @param {Trackers} trackers
 */
export function ingestStreamEvent(event, now, { breakers, faults, scenario }) {
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
    if (t) breakers.ingestTransition(t, receivedAtMs);
    return;
  }
  if (event.event !== 'snapshot' || !isRecord(data)) return;
  for (const u of Array.isArray(data.upstreams) ? data.upstreams : []) {
    if (isRecord(u)) breakers.ingestUpstream(u, receivedAtMs);
  }
  // With the proxy unreachable (`available: false`) the targets are unknown, not fault-free.
  if (!isRecord(data.faults) || data.faults.available === false) return;
  if (Array.isArray(data.faults.targets)) faults.ingest(data.faults.targets, receivedAtMs);
  if (Object.hasOwn(data.faults, 'scenario')) scenario.ingest(data.faults.scenario, receivedAtMs);
}

/**
 * Follows the stream until `stop()`; the first failure is reported through `warn` (once), then it retries.
 * @param {{ base: string, onEvent: (event: import('./chaos-sse.mjs').SseEvent) => void,
 *   warn: (message: string) => void }} opts
 */
export function followStream({ base, onEvent, warn }) {
  const abort = new AbortController();
  let connected = false;
  const done = (async () => {
    let warned = false;
    while (!abort.signal.aborted) {
      try {
        const res = await fetch(`${base}/api/ops/stream`, {
          headers: { accept: 'text/event-stream' },
          signal: abort.signal,
        });
        if (res.status !== 200 || !res.body) {
          await res.body?.cancel();
          throw new Error(`HTTP ${res.status}`);
        }
        connected = true;
        await readSse(res.body, onEvent);
      } catch (err) {
        if (abort.signal.aborted) break;
        if (!warned) {
          warned = true;
          warn(err instanceof Error ? err.message : String(err));
        }
      }
      await sleepUntil(performance.now() + 1000, abort.signal);
    }
  })();
  return {
    /** Whether the stream was ever open. */
    connected: () => connected,
    /** Gives the stream a moment to deliver what happened just before the end, then closes it. */
    async stop() {
      await sleepUntil(performance.now() + 50, abort.signal);
      abort.abort();
      await done;
    },
  };
}
