// What the benchmarks ask the BFF: breaker states (GET /api/resilience) and faults (demo mode, /api/faults).

/**
 * @typedef {{ from: string, to: string, at: string, reason: string }} Transition
 * @typedef {{ name: string, state: 'closed' | 'open' | 'half-open', lastTransition: Transition | null,
 *   counts: Record<string, number> }} UpstreamState
 */

/**
 * Reads one upstream's breaker state and counters.
 * @param {string} bffUrl
 * @param {string} upstream
 * @returns {Promise<UpstreamState>}
 */
export async function upstreamState(bffUrl, upstream) {
  const res = await fetch(`${bffUrl}/api/resilience`);
  if (!res.ok) throw new Error(`GET /api/resilience answered ${res.status}`);
  const body = /** @type {{ upstreams: UpstreamState[] }} */ (await res.json());
  const found = body.upstreams.find((u) => u.name === upstream);
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
 * Injects a fault on a target through the BFF's fault API (demo mode).
 * @param {string} bffUrl
 * @param {string} target
 * @param {'down' | 'hang'} type
 * @returns {Promise<void>}
 */
export async function injectFault(bffUrl, target, type) {
  const res = await fetch(`${bffUrl}/api/faults/${target}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type, durationMs: 120_000 }),
  });
  if (!res.ok) throw new Error(`PUT /api/faults/${target} answered ${res.status}: ${await res.text()}`);
}

/**
 * Clears every fault.
 * @param {string} bffUrl
 * @returns {Promise<void>}
 */
export async function clearFaults(bffUrl) {
  const res = await fetch(`${bffUrl}/api/faults`, { method: 'DELETE' });
  if (!res.ok) throw new Error(`DELETE /api/faults answered ${res.status}`);
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
