/** Shapes of `/api/ops/stream` and `/api/faults`, as in docs/fault-injection.md. */

export type BreakerState = 'closed' | 'open' | 'half-open';

/** One breaker state change. */
export interface BreakerTransition {
  from: BreakerState;
  to: BreakerState;
  at: string;
  reason: string;
}

/** Rolling window figures of one upstream. */
export interface UpstreamWindow {
  seconds: number;
  requests: number;
  ratePerSec: number;
  errorPercent: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/** Counters since the BFF started. */
export interface UpstreamCounts {
  successful: number;
  failed: number;
  timeout: number;
  notPermitted: number;
  rejected: number;
  fallback: number;
  retries: number;
}

/** One upstream's breaker in a snapshot. */
export interface UpstreamSnapshot {
  name: string;
  state: BreakerState;
  retryAfterMs: number;
  window: UpstreamWindow;
  counts: UpstreamCounts;
  transitions: BreakerTransition[];
}

export type FaultType = 'down' | 'hang' | 'latency' | 'errors' | 'flapping';

/** The active fault of a target. */
export interface ActiveFault {
  type: FaultType;
  options: Record<string, number>;
  injectedAt: string;
  expiresAt: string | null;
  phase?: string;
}

/** One fault proxy target. */
export interface FaultTarget {
  name: string;
  kind: 'service' | 'remote';
  listen: string;
  upstream: string;
  fault: ActiveFault | null;
}

/** The `snapshot` event's data. */
export interface OpsSnapshot {
  at: string;
  upstreams: UpstreamSnapshot[];
  faults: OpsFaults;
}

/** The running scenario, as the fault proxy reports it (steps executed so far out of all). */
export interface ScenarioRun {
  name: string;
  startedAt: string;
  endsAt: string;
  speed: number;
  stepsDone: number;
  stepsTotal: number;
}

/** The snapshot's `faults` object; `scenario` is absent when the BFF predates scenarios. */
export interface OpsFaults {
  available: boolean;
  targets: FaultTarget[];
  scenario?: ScenarioRun | null;
}

/** One timed step of a scenario file. */
export interface ScenarioStep {
  atMs: number;
  action: 'inject' | 'clear';
  target: string;
  type?: FaultType;
  options?: Record<string, number>;
  durationMs?: number;
}

/** One scenario of `GET /api/faults/scenarios`. */
export interface Scenario {
  name: string;
  description: string;
  durationMs: number;
  steps: ScenarioStep[];
}

/** The `transition` event's data: a transition and the upstream it belongs to. */
export interface TransitionEvent extends BreakerTransition {
  upstream: string;
}

/** The body of `PUT /api/faults/:target`. */
export interface FaultRequest {
  type: FaultType;
  options?: Record<string, number>;
  durationMs?: number;
}
