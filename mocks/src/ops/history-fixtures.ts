// What `GET /api/ops/history` serves: ten minutes of samples of the answering replica's upstreams, every 5 s, all
// closed and quiet but the last minute, which has the breaker state the scenario gives it now (so a console opened
// on the mocks draws its charts at once). Types only from the contract's root entry, like ./fixtures.ts.
import type { HistorySample, OpsHistoryAnswer, ReplicaResilience } from '@storefront/contract';

const PERIOD_MS = 5000;
const SPAN_MS = 600_000;
/** How long before now each upstream has had its current state. */
const CURRENT_FOR_MS = 60_000;

/** The samples of one upstream ending at `now` in `state`. */
function samplesOf(state: HistorySample['state'], now: number): HistorySample[] {
  const samples: HistorySample[] = [];
  for (let at = now - SPAN_MS + PERIOD_MS; at <= now; at += PERIOD_MS) {
    const current = now - at < CURRENT_FOR_MS ? state : 'closed';
    samples.push({
      at: new Date(at).toISOString(),
      state: current,
      errorPercent: current === 'closed' ? 0 : 40,
      p99Ms: current === 'closed' ? 25 : 1500,
      ratePerSec: 4,
    });
  }
  return samples;
}

/** The history answer (without `meta`) of the first replica, as of `now`. */
export function historyOf(
  replicas: readonly ReplicaResilience[],
  now = Date.now(),
): Omit<OpsHistoryAnswer, 'meta'> {
  const own = replicas[0];
  return {
    replica: own?.replica ?? 'bff-1',
    periodMs: PERIOD_MS,
    spanMs: SPAN_MS,
    upstreams: (own?.upstreams ?? []).map(({ name, state }) => ({ name, samples: samplesOf(state, now) })),
  };
}
