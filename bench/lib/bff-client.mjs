// What the benchmarks ask the storefront: breaker states and faults, through the chaos CLI's client
// (scripts/lib/chaos-api.mjs), plus steady background traffic.
import { createChaosClient } from '../../scripts/lib/chaos-api.mjs';

/**
 * One upstream as `/api/resilience` reports it (the chaos client's view, with the counters the bench reads).
 * @typedef {import('../../scripts/lib/chaos-api.mjs').UpstreamState & { counts?: Record<string, number> }} UpstreamState
 */

/**
 * Reads one upstream's breaker state and counters.
 * @param {string} bffUrl
 * @param {string} upstream
 * @returns {Promise<UpstreamState>}
 */
export async function upstreamState(bffUrl, upstream) {
  const found = (await createChaosClient(bffUrl).resilience()).find((u) => u.name === upstream);
  if (!found) throw new Error(`no upstream named ${upstream} in /api/resilience`);
  return found;
}

/**
 * Polls until the upstream's breaker is in `state`; resolves with that state (and its last transition).
 * @param {string} bffUrl
 * @param {string} upstream
 * @param {'closed' | 'open' | 'half-open'} state
 * @param {number} [timeoutMs]
 * @returns {Promise<UpstreamState>}
 */
export async function waitForBreaker(bffUrl, upstream, state, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await upstreamState(bffUrl, upstream);
    if (current.state === state) return current;
    if (Date.now() > deadline) throw new Error(`${upstream} breaker not ${state} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Injects a fault on a target through the fault API (demo mode); it expires by itself after two minutes.
 * @param {string} bffUrl
 * @param {string} target
 * @param {'down' | 'hang'} type
 * @returns {Promise<void>}
 */
export async function injectFault(bffUrl, target, type) {
  await createChaosClient(bffUrl).inject(target, { type, durationMs: 120_000 });
}

/**
 * Clears every fault.
 * @param {string} bffUrl
 * @returns {Promise<void>}
 */
export async function clearFaults(bffUrl) {
  await createChaosClient(bffUrl).clearAll();
}

/**
 * Sends GETs one after another until stopped (other shoppers' traffic: breakers only move when called).
 * @param {string} url
 * @param {number} gapMs pause between two requests
 * @returns {() => Promise<void>} stops the loop
 */
export function backgroundTraffic(url, gapMs) {
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
        await res.arrayBuffer();
      } catch {
        // a failed call is the point of the exercise
      }
      await new Promise((r) => setTimeout(r, gapMs));
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}
