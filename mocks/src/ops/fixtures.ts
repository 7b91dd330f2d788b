// What the ops handlers serve: two BFF replicas behind the shell host (bff-1 answers, bff-2 is its peer, as
// `npm start` runs them), the three upstreams with the BFF's default settings, and the processes the supervisor
// runs. Types only from the contract's root entry: this code also runs in standalone pages (no TypeBox there).
import type {
  Availability,
  OpsNotification,
  OpsNotifications,
  OpsReplica,
  OpsSnapshot,
  OpsUpstream,
  ProcessStatus,
  ReplicaResilience,
  ResilienceSettings,
  UpstreamResilience,
} from '@storefront/contract';
import type { BreakerState } from '@storefront/contract/browser';
import type { ScenarioName } from '../scenario-name';

/** The replica that answers the mocked requests, then its peer. */
export const mockReplicas = ['bff-1', 'bff-2'] as const;

/** The BFF's upstreams, in its order. */
export const mockUpstreams = ['catalog', 'cart', 'account'] as const;

/** The BFF's built-in defaults (apps/bff/src/config.ts). */
const SETTINGS: ResilienceSettings = {
  timeoutMs: 1500,
  retryAttempts: 2,
  retryInitialDelayMs: 100,
  retryMaxDelayMs: 1000,
  breakerThreshold: 3,
  halfOpenAfterMs: 5000,
  bulkheadLimit: 10,
  bulkheadQueue: 20,
  lkgMaxEntries: 500,
  lkgSearchMaxEntries: 100,
  breaker: { kind: 'consecutive', threshold: 3 },
};

/** How the breakers of one replica stand in a scenario; `null`: the replica does not answer its peers. */
type ReplicaStates = BreakerState | null;

// normal: every breaker closed everywhere. degraded: the answering replica serves saved copies (open) while its
// peer already probes (half-open), so the per-replica view differs. unavailable: open, and the peer is down.
const STATES: Record<ScenarioName, readonly [ReplicaStates, ReplicaStates]> = {
  normal: ['closed', 'closed'],
  degraded: ['open', 'half-open'],
  unavailable: ['open', null],
};

function retryAfterOf(state: BreakerState, retryAfterMs: number): number {
  return state === 'open' ? retryAfterMs : 0;
}

function resilienceOf(
  name: string,
  state: BreakerState,
  retryAfterMs: number,
  at: string,
): UpstreamResilience {
  const failing = state !== 'closed';
  return {
    name,
    state,
    retryAfterMs: retryAfterOf(state, retryAfterMs),
    counts: {
      successful: 120,
      failed: failing ? 9 : 0,
      timeout: failing ? 3 : 0,
      notPermitted: failing ? 14 : 0,
      rejected: 0,
      fallback: failing ? 14 : 0,
      retries: failing ? 6 : 1,
    },
    lastTransition: failing ? { from: 'closed', to: 'open', at, reason: '3 consecutive failures' } : null,
    config: SETTINGS,
  };
}

/** Every replica's breakers in one scenario (`/api/resilience`), the answering replica first. */
export function replicaResilience(
  scenario: ScenarioName,
  retryAfterMs: number,
  at = new Date(Date.now() - 8000).toISOString(),
): ReplicaResilience[] {
  return mockReplicas.map((replica, index) => {
    const state = STATES[scenario][index] ?? null;
    if (state === null) return { replica, available: false, upstreams: [] };
    const upstreams = mockUpstreams.map((name) => resilienceOf(name, state, retryAfterMs, at));
    return { replica, available: true, upstreams };
  });
}

/** `part ÷ whole`, or null when nothing was counted (as the BFF says it). */
function shareOf(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/**
 * Availability over the last 5 minutes, every answering replica's counts summed: a closed breaker's upstream
 * answered nearly every call; an open one's some 60 %, saved copies covering most of the shoppers' reads.
 */
export function availabilityOf(replicas: readonly ReplicaResilience[]): Availability {
  const answering = replicas.filter((replica) => replica.available);
  const upstreams = mockUpstreams.map((name) => {
    let calls = 0;
    let successful = 0;
    for (const replica of answering) {
      const closed = replica.upstreams.find((upstream) => upstream.name === name)?.state === 'closed';
      calls += 600;
      successful += closed ? 599 : 360;
    }
    return { name, calls, successful, availability: shareOf(successful, calls) };
  });
  const failing = answering.some((replica) =>
    replica.upstreams.some((upstream) => upstream.state !== 'closed'),
  );
  const total = 1200 * answering.length;
  const pageReads = failing
    ? { total, live: Math.round(total * 0.62), saved: Math.round(total * 0.35) }
    : { total, live: total - answering.length, saved: answering.length };
  const naivePage = upstreams.reduce<number | null>(
    (product, { availability }) =>
      product === null || availability === null ? null : product * availability,
    1,
  );
  return {
    windowSeconds: 300,
    replicas: answering.map((replica) => replica.replica),
    upstreams,
    pageUpstreams: [...mockUpstreams],
    naivePage,
    shopperSeen: shareOf(pageReads.live + pageReads.saved, total),
    liveOnly: shareOf(pageReads.live, total),
    pageReads,
  };
}

/** A "breaker open" notification as the BFF words it (apps/bff/src/ops/alerts.ts). */
function breakerOpen(
  replica: string,
  upstream: string,
  since: string,
  clearedAt: string | null,
): OpsNotification {
  return {
    id: `breaker-open/${replica}/${upstream}/${since}`,
    condition: 'breaker-open',
    upstream,
    replica,
    severity: 'critical',
    since,
    clearedAt,
    message:
      `Breaker for ${upstream} opened on ${replica} (3 consecutive failures): calls fail fast and shoppers get ` +
      'saved copies or placeholders. Prometheus’ BreakerOpen pages someone after 30 s not closed.',
  };
}

/**
 * The answering replica's notifications: "breaker open" for each breaker not closed; with all closed, one outage
 * of the catalog that cleared ten minutes ago (so the console's list has something to show).
 */
export function notificationsOf(own: ReplicaResilience | undefined): OpsNotifications {
  const replica = own?.replica ?? mockReplicas[0];
  const active = (own?.upstreams ?? [])
    .filter((upstream) => upstream.state !== 'closed')
    .map((upstream) =>
      breakerOpen(replica, upstream.name, upstream.lastTransition?.at ?? new Date().toISOString(), null),
    );
  if (active.length > 0) return { active, cleared: [] };
  const since = new Date(Date.now() - 660_000).toISOString();
  const clearedAt = new Date(Date.now() - 600_000).toISOString();
  return { active: [], cleared: [breakerOpen(replica, 'catalog', since, clearedAt)] };
}

/** The ops stream's `snapshot`, from the same breakers (fault injection off: the mocks have no fault proxy). */
export function opsSnapshotOf(replicas: readonly ReplicaResilience[]): OpsSnapshot {
  const own = replicas[0];
  const upstreams: OpsUpstream[] = (own?.upstreams ?? []).map((upstream) => ({
    name: upstream.name,
    state: upstream.state,
    retryAfterMs: upstream.retryAfterMs,
    counts: upstream.counts,
    window: {
      seconds: 30,
      requests: upstream.counts.successful,
      ratePerSec: 4,
      errorPercent: upstream.state === 'closed' ? 0 : 40,
      p50Ms: 4,
      p95Ms: 12,
      p99Ms: 25,
    },
    transitions: upstream.lastTransition ? [upstream.lastTransition] : [],
    breaker: upstream.config.breaker,
  }));
  const states: OpsReplica[] = replicas.map(({ replica, available, upstreams: breakers }) => ({
    replica,
    available,
    upstreams: breakers.map(({ name, state, retryAfterMs }) => ({ name, state, retryAfterMs })),
  }));
  return {
    at: new Date().toISOString(),
    replica: own?.replica ?? mockReplicas[0],
    upstreams,
    replicas: states,
    faults: { available: false, targets: [] },
    notifications: notificationsOf(own),
    availability: availabilityOf(replicas),
  };
}

const PROCESSES: ReadonlyArray<[name: string, url: string]> = [
  ['catalog-service', 'http://127.0.0.1:4001'],
  ['cart-service', 'http://127.0.0.1:4002'],
  ['account-service', 'http://127.0.0.1:4003'],
  ['bff-1', 'http://127.0.0.1:4000'],
  ['bff-2', 'http://127.0.0.1:4010'],
  ['catalog-remote', 'http://localhost:3001'],
  ['cart-remote', 'http://localhost:3002'],
  ['account-remote', 'http://localhost:3003'],
  ['shell', 'http://localhost:3000'],
  ['fault-proxy', 'http://127.0.0.1:5000'],
];

/** The processes of a freshly started stack: all running, none restarted yet. */
export function seedProcesses(startedAt = new Date(Date.now() - 600_000).toISOString()): ProcessStatus[] {
  return PROCESSES.map(([name, url], index) => ({
    name,
    pid: 41_000 + index,
    state: 'running',
    url,
    restarts: 0,
    startedAt,
    lastExit: null,
  }));
}
