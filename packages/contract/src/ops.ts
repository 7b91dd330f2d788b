// The resilience console's data: `/api/resilience`, the ops stream's messages, and the fault API that the BFF
// forwards to the fault proxy. The fault proxy owns the fault types and their options; the contract only says how
// the list of them and the active faults look, so the console and the CLI ask for the list instead of repeating it.
import { Availability } from './availability.js';
import { errorResponse, Meta } from './common.js';
import { BREAKER_STATES, CHECKOUT_MODES } from './constants.js';
import { defineRoute, Nullable, type Static, StringEnum, Type } from './schema.js';

/** One breaker state change. */
export const Transition = Type.Object({
  from: StringEnum(BREAKER_STATES),
  to: StringEnum(BREAKER_STATES),
  at: Type.String({ format: 'date-time' }),
  reason: Type.String(),
});
export type Transition = Static<typeof Transition>;

/** Counters of one upstream since the BFF started. */
export const UpstreamCounts = Type.Object({
  successful: Type.Integer(),
  failed: Type.Integer(),
  timeout: Type.Integer(),
  notPermitted: Type.Integer(),
  rejected: Type.Integer(),
  fallback: Type.Integer(),
  retries: Type.Integer(),
});
export type UpstreamCounts = Static<typeof UpstreamCounts>;

/** The kinds of breaker an upstream can have (`BFF_<UP>_BREAKER_KIND`). */
export const BREAKER_KINDS = ['consecutive', 'sampling'] as const;

/** An upstream's breaker: which kind, and only the settings that kind uses. */
export const BreakerSettings = Type.Object({
  kind: StringEnum(BREAKER_KINDS),
  threshold: Type.Optional(
    Type.Integer({ minimum: 0, description: 'consecutive: failures in a row that open it (0 = off)' }),
  ),
  errorRate: Type.Optional(
    Type.Number({
      exclusiveMinimum: 0,
      exclusiveMaximum: 1,
      description: 'sampling: error share that opens it',
    }),
  ),
  windowMs: Type.Optional(
    Type.Integer({ minimum: 1, description: 'sampling: window the share is taken over' }),
  ),
  minCalls: Type.Optional(Type.Integer({ minimum: 1, description: 'sampling: calls needed in the window' })),
});
export type BreakerSettings = Static<typeof BreakerSettings>;

/** An upstream's resilience settings. */
export const ResilienceSettings = Type.Object({
  timeoutMs: Type.Integer(),
  retryAttempts: Type.Integer(),
  retryInitialDelayMs: Type.Integer(),
  retryMaxDelayMs: Type.Integer(),
  breakerThreshold: Type.Integer(),
  halfOpenAfterMs: Type.Integer(),
  bulkheadLimit: Type.Integer(),
  bulkheadQueue: Type.Integer(),
  lkgMaxEntries: Type.Integer(),
  lkgSearchMaxEntries: Type.Integer(),
  breaker: BreakerSettings,
});
export type ResilienceSettings = Static<typeof ResilienceSettings>;

/** One upstream in `/api/resilience`. */
export const UpstreamResilience = Type.Object({
  name: Type.String(),
  state: StringEnum(BREAKER_STATES),
  retryAfterMs: Type.Integer({ minimum: 0 }),
  counts: UpstreamCounts,
  lastTransition: Nullable(Transition),
  config: ResilienceSettings,
});
export type UpstreamResilience = Static<typeof UpstreamResilience>;

/** One BFF replica's breakers, as its peers see them (Turbine-style aggregation over `BFF_PEERS`). */
export const ReplicaResilience = Type.Object({
  replica: Type.String({ description: 'BFF_REPLICA_ID, e.g. bff-1' }),
  available: Type.Boolean({
    description: 'false when the replica did not answer (its upstreams are then empty)',
  }),
  upstreams: Type.Array(UpstreamResilience),
  /** Optional so an older replica's answer still validates; its counts are then left out of the sums. */
  availability: Type.Optional(Availability),
});
export type ReplicaResilience = Static<typeof ReplicaResilience>;

export const ResilienceAnswer = Type.Object(
  {
    replica: Type.String({ description: 'the replica that answered' }),
    upstreams: Type.Array(UpstreamResilience, { description: 'the answering replica’s own breakers' }),
    replicas: Type.Array(ReplicaResilience, {
      description: 'every replica’s breakers (only the answering one with `scope=local`)',
    }),
    /** Over the last minutes, summed across the replicas that answered (this one alone with `scope=local`). */
    availability: Type.Optional(Availability),
    meta: Meta,
  },
  { description: 'Resilience state of every upstream, per BFF replica' },
);
export type ResilienceAnswer = Static<typeof ResilienceAnswer>;

/** Request rate, error share and latency percentiles over the last `seconds`. */
export const UpstreamWindow = Type.Object({
  seconds: Type.Integer(),
  requests: Type.Integer(),
  ratePerSec: Type.Number(),
  errorPercent: Type.Number(),
  p50Ms: Type.Number(),
  p95Ms: Type.Number(),
  p99Ms: Type.Number(),
});
export type UpstreamWindow = Static<typeof UpstreamWindow>;

/** The active fault of a target (its `type` and `options` are the fault proxy's; see `FaultTypeInfo`). */
export const ActiveFault = Type.Object(
  {
    type: Type.String(),
    options: Type.Record(Type.String(), Type.Number()),
    injectedAt: Type.String({ format: 'date-time' }),
    expiresAt: Nullable(Type.String({ format: 'date-time' })),
    phase: Type.Optional(Type.String({ description: 'flapping only: the current phase (up or down)' })),
  },
  { additionalProperties: true },
);
export type ActiveFault = Static<typeof ActiveFault>;

/** One target of the fault proxy: a service or a remote's host. */
export const FaultTarget = Type.Object(
  {
    name: Type.String(),
    kind: StringEnum(['service', 'remote'] as const),
    listen: Type.Integer({ description: 'port of the target’s proxy' }),
    upstream: Type.String({ description: 'URL the proxy forwards to' }),
    fault: Nullable(ActiveFault, { description: 'null when the target has no active fault' }),
  },
  { additionalProperties: true },
);
export type FaultTarget = Static<typeof FaultTarget>;

/** The running scenario, as the fault proxy reports it (steps executed so far out of all). */
export const ScenarioRun = Type.Object(
  {
    name: Type.String(),
    startedAt: Type.String({ format: 'date-time' }),
    endsAt: Type.String({ format: 'date-time' }),
    speed: Type.Number(),
    stepsDone: Type.Integer(),
    stepsTotal: Type.Integer(),
  },
  { additionalProperties: true },
);
export type ScenarioRun = Static<typeof ScenarioRun>;

/** One option of a fault type (integers, inclusive bounds). */
export const FaultOptionInfo = Type.Object({
  name: Type.String(),
  description: Type.String(),
  unit: StringEnum(['ms', 'percent', 'status'] as const),
  min: Type.Number(),
  max: Type.Number(),
  required: Type.Boolean(),
  default: Nullable(Type.Number()),
});
export type FaultOptionInfo = Static<typeof FaultOptionInfo>;

/** One fault type the fault proxy can inject. */
export const FaultTypeInfo = Type.Object({
  type: Type.String(),
  description: Type.String(),
  options: Type.Array(FaultOptionInfo),
});
export type FaultTypeInfo = Static<typeof FaultTypeInfo>;

/** A scenario step: inject or clear a fault, or kill a process, at `atMs`. */
export const ScenarioStep = Type.Object(
  {
    atMs: Type.Integer(),
    action: StringEnum(['inject', 'clear', 'kill'] as const),
    target: Type.Optional(
      Type.String({
        description:
          'inject and clear steps; absent on a clear step that clears every fault the scenario injected',
      }),
    ),
    type: Type.Optional(Type.String()),
    options: Type.Optional(Type.Record(Type.String(), Type.Number())),
    durationMs: Type.Optional(Type.Integer()),
    process: Type.Optional(
      Type.String({
        pattern: '^[a-z][a-z0-9-]{0,63}$',
        description:
          'kill steps only: the supervised process to SIGKILL (e.g. bff-1); the supervisor restarts it',
      }),
    ),
    downForMs: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 120_000,
        description: 'kill steps only: how long the supervisor keeps the process down before restarting it',
      }),
    ),
  },
  { additionalProperties: true },
);
export type ScenarioStep = Static<typeof ScenarioStep>;

/** Path traffic: requests per second over paths (the form without `kind`). */
export const ScenarioPathTraffic = Type.Object(
  {
    kind: Type.Optional(Type.Literal('paths')),
    ratePerSec: Type.Number(),
    paths: Type.Array(Type.String()),
  },
  {
    description:
      'requests per second over these paths (`/api/...` on the shell’s origin or `registry:<remote>`)',
  },
);
export type ScenarioPathTraffic = Static<typeof ScenarioPathTraffic>;

/** Checkout traffic: shoppers who add to their cart and check out with idempotency keys, retrying. */
export const ScenarioCheckoutTraffic = Type.Object(
  {
    kind: Type.Literal('checkout'),
    shoppers: Type.Integer({
      minimum: 1,
      maximum: 20,
      description: 'fresh accounts, signed up before the run',
    }),
    pauseMs: Type.Integer({
      minimum: 0,
      maximum: 10_000,
      description: 'pause between one shopper’s checkouts (divided by the run’s speed)',
    }),
    graceMs: Type.Integer({
      minimum: 0,
      maximum: 60_000,
      description: 'how long after the end a checkout may still be retried before it is given up',
    }),
  },
  {
    description:
      'each shopper loops: add 1–2 units to the cart, check out; a 5xx or lost answer is retried with the same Idempotency-Key; the report counts orders, duplicates and stock returned',
  },
);
export type ScenarioCheckoutTraffic = Static<typeof ScenarioCheckoutTraffic>;

/** What the chaos CLI drives while a scenario runs. */
export const ScenarioTraffic = Type.Union([ScenarioPathTraffic, ScenarioCheckoutTraffic], {
  description: 'what the chaos CLI drives while the scenario runs (the fault proxy sends none of it)',
});
export type ScenarioTraffic = Static<typeof ScenarioTraffic>;

/** A scenario the fault proxy can run. */
export const Scenario = Type.Object(
  {
    name: Type.String(),
    description: Type.String(),
    durationMs: Type.Integer(),
    traffic: Type.Optional(ScenarioTraffic),
    checkoutMode: Type.Optional(
      StringEnum(CHECKOUT_MODES, {
        description: 'the checkout mode its checkout traffic needs; the chaos CLI switches it for the run',
      }),
    ),
    steps: Type.Array(ScenarioStep),
  },
  { additionalProperties: true },
);
export type Scenario = Static<typeof Scenario>;

/** The ops snapshot's `faults`: `available` is false when demo mode is off or the fault proxy does not answer. */
export const OpsFaults = Type.Object({
  available: Type.Boolean(),
  targets: Type.Array(FaultTarget),
  scenario: Type.Optional(Nullable(ScenarioRun)),
});
export type OpsFaults = Static<typeof OpsFaults>;

/** One upstream in the ops snapshot. */
export const OpsUpstream = Type.Object({
  name: Type.String(),
  state: StringEnum(BREAKER_STATES),
  retryAfterMs: Type.Integer({ minimum: 0 }),
  window: UpstreamWindow,
  counts: UpstreamCounts,
  transitions: Type.Array(Transition),
  /** Optional so an older replica's snapshot still validates; the card then shows no breaker rule. */
  breaker: Type.Optional(BreakerSettings),
});
export type OpsUpstream = Static<typeof OpsUpstream>;

/** One replica's breakers in the ops stream (state only; the answering replica's are in `upstreams`). */
export const OpsReplica = Type.Object({
  replica: Type.String(),
  available: Type.Boolean(),
  upstreams: Type.Array(
    Type.Object({
      name: Type.String(),
      state: StringEnum(BREAKER_STATES),
      retryAfterMs: Type.Integer({ minimum: 0 }),
    }),
  ),
});
export type OpsReplica = Static<typeof OpsReplica>;

/** The conditions of observability/prometheus/alerts.yml that the BFF also evaluates live, per upstream. */
export const NOTIFICATION_CONDITIONS = [
  'breaker-open',
  'breaker-flapping',
  'error-rate-high',
  'no-successful-calls',
] as const;
export type NotificationCondition = (typeof NOTIFICATION_CONDITIONS)[number];

/** One live notification of the console (and of the `ALERT_WEBHOOK_URL` webhook). */
export const OpsNotification = Type.Object({
  id: Type.String({ description: 'unique per raise: condition, replica, upstream and raise time' }),
  condition: StringEnum(NOTIFICATION_CONDITIONS),
  upstream: Type.String(),
  replica: Type.String(),
  severity: StringEnum(['critical', 'warning'] as const),
  since: Type.String({ format: 'date-time', description: 'when it was raised' }),
  clearedAt: Nullable(Type.String({ format: 'date-time' })),
  message: Type.String({ description: 'why, with the figures' }),
});
export type OpsNotification = Static<typeof OpsNotification>;

/** The snapshot's notifications of this replica: the active ones, then the last cleared ones (newest first). */
export const OpsNotifications = Type.Object({
  active: Type.Array(OpsNotification),
  cleared: Type.Array(OpsNotification),
});
export type OpsNotifications = Static<typeof OpsNotifications>;

/** Data of the ops stream's `snapshot` event (every second). */
export const OpsSnapshot = Type.Object({
  at: Type.String({ format: 'date-time' }),
  /** The replica whose stream this is. */
  replica: Type.String(),
  upstreams: Type.Array(OpsUpstream),
  /** Every BFF replica's breakers (BFF_PEERS), polled once per snapshot period. */
  replicas: Type.Array(OpsReplica),
  faults: OpsFaults,
  /**
   * This replica's live notifications (the alert rules' conditions, evaluated at once). Optional so an older
   * replica's snapshot still validates; the console then says that replica reports none.
   */
  notifications: Type.Optional(OpsNotifications),
  /** Availability over the last minutes, every replica's counts summed. Optional as `notifications` is. */
  availability: Type.Optional(Availability),
});
export type OpsSnapshot = Static<typeof OpsSnapshot>;

/** Data of the ops stream's `transition` event: the upstream and its transition. */
export const OpsTransition = Type.Object({ upstream: Type.String(), ...Transition.properties });
export type OpsTransition = Static<typeof OpsTransition>;

/** The ops stream's events, by name. */
export const OPS_EVENTS = { snapshot: OpsSnapshot, transition: OpsTransition } as const;

/** Body of `PUT /api/faults/:target` (checked in full by the fault proxy against its fault types). */
export const FaultRequest = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 32 }),
    options: Type.Optional(
      Type.Record(Type.String(), Type.Number(), {
        description: 'The options of the fault type, as GET /api/faults/types lists them',
      }),
    ),
    durationMs: Type.Optional(
      Type.Integer({ minimum: 1000, maximum: 3_600_000, description: 'expires by itself' }),
    ),
  },
  { additionalProperties: false },
);
export type FaultRequest = Static<typeof FaultRequest>;

export const FaultTargetsAnswer = Type.Object(
  {
    targets: Type.Array(FaultTarget),
    // GET /faults says which scenario runs; DELETE /faults (which also cancels it) answers `{ targets }` only.
    scenario: Type.Optional(Nullable(ScenarioRun)),
    meta: Meta,
  },
  {
    additionalProperties: true,
    description: 'Every target of the fault proxy with its fault, and the running scenario',
  },
);
export type FaultTargetsAnswer = Static<typeof FaultTargetsAnswer>;

export const FaultTargetAnswer = Type.Object(
  { target: FaultTarget, meta: Meta },
  { additionalProperties: true, description: 'The target after the change' },
);
export type FaultTargetAnswer = Static<typeof FaultTargetAnswer>;

export const FaultTypesAnswer = Type.Object(
  {
    types: Type.Array(FaultTypeInfo),
    durationMs: Type.Object({ min: Type.Integer(), max: Type.Integer() }),
    meta: Meta,
  },
  { description: 'The fault types the fault proxy can inject, with their options and bounds' },
);
export type FaultTypesAnswer = Static<typeof FaultTypesAnswer>;

export const ScenariosAnswer = Type.Object(
  { scenarios: Type.Array(Scenario), meta: Meta },
  { additionalProperties: true, description: 'The scenarios the fault proxy can run' },
);
export type ScenariosAnswer = Static<typeof ScenariosAnswer>;

export const ScenarioRunBody = Nullable(
  Type.Object(
    {
      speed: Type.Optional(
        Type.Number({ minimum: 0.1, maximum: 20, description: 'divides atMs and durations (default 1)' }),
      ),
    },
    { additionalProperties: false },
  ),
);
export type ScenarioRunBody = Static<typeof ScenarioRunBody>;

export const ScenarioRunAnswer = Type.Object(
  {
    run: Type.Object(
      {
        name: Type.String(),
        startedAt: Type.String({ format: 'date-time' }),
        endsAt: Type.String({ format: 'date-time' }),
        speed: Type.Number(),
      },
      { additionalProperties: true },
    ),
    meta: Meta,
  },
  {
    additionalProperties: true,
    description: 'The scenario started (a running one was cancelled first, its faults cleared)',
  },
);
export type ScenarioRunAnswer = Static<typeof ScenarioRunAnswer>;

export const ScenarioCancelAnswer = Type.Object(
  { cancelled: Nullable(ScenarioRun), meta: Meta },
  {
    additionalProperties: true,
    description: 'The cancelled scenario (null when none was running); its faults are cleared',
  },
);
export type ScenarioCancelAnswer = Static<typeof ScenarioCancelAnswer>;

const FAULT_API_ERRORS = {
  403: errorResponse('LOOPBACK_ONLY: the caller (or a hop in x-forwarded-for) is not loopback'),
  503: errorResponse('FAULT_PROXY_UNAVAILABLE: the control API does not answer'),
} as const;

const TargetParams = Type.Object({
  target: Type.String({
    pattern: '^[a-z][a-z0-9-]{0,63}$',
    description: 'catalog, cart, account, remote-catalog, remote-cart or remote-account',
  }),
});

export const getResilience = defineRoute({
  method: 'GET',
  url: '/api/resilience',
  schema: {
    description:
      "Every upstream's circuit breaker: state (closed/open/half-open), time until the next probe, call counters, last transition and configuration.",
    tags: ['meta'],
    querystring: Type.Object({
      scope: Type.Optional(
        StringEnum(['all', 'local'] as const, {
          description: 'all (default): ask every replica in BFF_PEERS; local: this replica only',
        }),
      ),
    }),
    response: { 200: ResilienceAnswer },
  },
});

export const opsStream = defineRoute({
  method: 'GET',
  url: '/api/ops/stream',
  schema: {
    description: [
      'Server-Sent Events for the resilience console. The stream starts with `retry: 2000`, then sends:',
      '',
      '- `event: snapshot` at once and then every second, data `OpsSnapshot`',
      '  `{ at, replica, upstreams: [{ name, state, retryAfterMs, window, counts, transitions (last 50) }],',
      '  replicas: [{ replica, available, upstreams: [{ name, state, retryAfterMs }] }], faults,',
      '  notifications: { active, cleared }, availability }` (`notifications`: the alert conditions, evaluated live by',
      '  this replica; `availability`: the last 5 minutes, every replica summed, docs/observability.md);',
      '  (`replicas`: every BFF replica in BFF_PEERS, this one first, polled once per snapshot period);',
      '  (`faults.available` is false when demo mode is off or the fault proxy does not answer);',
      '- `event: transition` at each breaker transition, data `{ upstream, from, to, at, reason }`.',
    ].join('\n'),
    tags: ['ops'],
    response: {
      200: {
        description: 'An endless text/event-stream (events `snapshot` and `transition`)',
        content: { 'text/event-stream': { schema: { type: 'string' } } },
      },
      429: errorResponse('This address has as many streams open as allowed (RATE_LIMITED, Retry-After)'),
      503: errorResponse('This BFF has as many stream clients as it accepts (OPS_STREAMS_FULL, Retry-After)'),
    },
  },
});

export const listFaults = defineRoute({
  method: 'GET',
  url: '/api/faults',
  schema: {
    description: "Every fault target with its active fault (the fault proxy's GET /faults).",
    tags: ['ops'],
    response: { 200: FaultTargetsAnswer, ...FAULT_API_ERRORS },
  },
});

export const listFaultTypes = defineRoute({
  method: 'GET',
  url: '/api/faults/types',
  schema: {
    description: "The fault types with their options and bounds (the fault proxy's GET /faults/types).",
    tags: ['ops'],
    response: { 200: FaultTypesAnswer, ...FAULT_API_ERRORS },
  },
});

export const injectFault = defineRoute({
  method: 'PUT',
  url: '/api/faults/:target',
  schema: {
    description:
      'Injects a fault into one target (replacing its current one). Body `{ type, options?, durationMs? }`; the types and their options are listed by GET /api/faults/types.',
    tags: ['ops'],
    params: TargetParams,
    body: FaultRequest,
    response: {
      200: FaultTargetAnswer,
      400: errorResponse('INVALID_REQUEST: the fault does not match its type (names the field)'),
      404: errorResponse('UNKNOWN_TARGET'),
      ...FAULT_API_ERRORS,
    },
  },
});

export const clearFault = defineRoute({
  method: 'DELETE',
  url: '/api/faults/:target',
  schema: {
    description: 'Clears the fault of one target.',
    tags: ['ops'],
    params: TargetParams,
    response: { 200: FaultTargetAnswer, 404: errorResponse('UNKNOWN_TARGET'), ...FAULT_API_ERRORS },
  },
});

export const clearAllFaults = defineRoute({
  method: 'DELETE',
  url: '/api/faults',
  schema: {
    description: 'Clears every fault.',
    tags: ['ops'],
    response: { 200: FaultTargetsAnswer, ...FAULT_API_ERRORS },
  },
});

export const listScenarios = defineRoute({
  method: 'GET',
  url: '/api/faults/scenarios',
  schema: {
    description: "The scenarios the fault proxy runs (the fault proxy's GET /scenarios).",
    tags: ['ops'],
    response: { 200: ScenariosAnswer, ...FAULT_API_ERRORS },
  },
});

export const runScenario = defineRoute({
  method: 'POST',
  url: '/api/faults/scenarios/:name/run',
  schema: {
    description:
      'Starts a scenario in the fault proxy (cancelling a running one). Body `{ speed? }` (0.1–20, default 1).',
    tags: ['ops'],
    params: Type.Object({
      name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,99}$', description: 'e.g. catalog-outage' }),
    }),
    body: ScenarioRunBody,
    response: {
      202: ScenarioRunAnswer,
      400: errorResponse('INVALID_REQUEST: the run body is not { speed? } with a speed from 0.1 to 20'),
      404: errorResponse('UNKNOWN_SCENARIO'),
      409: errorResponse(
        'SUPERVISOR_UNAVAILABLE: the scenario kills processes and no supervisor runs the stack',
      ),
      ...FAULT_API_ERRORS,
    },
  },
});

export const cancelScenario = defineRoute({
  method: 'DELETE',
  url: '/api/faults/scenarios/current',
  schema: {
    description: 'Cancels the running scenario and clears the faults it injected.',
    tags: ['ops'],
    response: { 200: ScenarioCancelAnswer, ...FAULT_API_ERRORS },
  },
});

/** Every route of the console's data and the fault API. */
export const opsRoutes = [
  getResilience,
  opsStream,
  listFaults,
  listFaultTypes,
  injectFault,
  clearFault,
  clearAllFaults,
  listScenarios,
  runScenario,
  cancelScenario,
] as const;
