import type {
  CheckoutModeAnswer,
  getCheckoutMode,
  getOpsHistory,
  getResilience,
  getTrace,
  killProcess,
  listOpsEvents,
  listProcesses,
  listTraces,
  OpsEventsAnswer,
  OpsHistoryAnswer,
  ProcessesAnswer,
  ProcessKillAnswer,
  ProcessStatus,
  ResilienceAnswer,
  setCheckoutMode,
  TraceAnswer,
  TracesAnswer,
} from '@storefront/contract';
import {
  CHECKOUT_MODES,
  type CheckoutMode,
  type ErrorEnvelope,
  REQUEST_ID_HEADER,
} from '@storefront/contract/browser';
import { type DefaultBodyType, type HttpHandler, HttpResponse, http, type PathParams } from 'msw';
import {
  type BodiesOf,
  errorResponse,
  nextRequestId,
  ownMeta,
  retryAfterSeconds,
  unavailableResponse,
} from '../answers';
import type { ScenarioName } from '../scenario-name';
import { eventsAnswer } from './event-fixtures';
import { availabilityOf, opsSnapshotOf, replicaResilience, seedProcesses } from './fixtures';
import { historyOf } from './history-fixtures';
import { traceSpans, traceSummaries } from './trace-fixtures';

/** Knobs for one set of ops handlers. */
export interface OpsHandlerOptions {
  /** `retryAfterMs` of the open breakers (default 4200). */
  retryAfterMs?: number;
  /** false: no supervisor runs the stack (the BFF started on its own), the process routes answer 503. */
  supervisor?: boolean;
  /** The processes to start from (default: the ten of `npm start`, all running). */
  processes?: readonly ProcessStatus[];
  /** Each handler answers only its first matching request (msw `once`), then falls through. */
  once?: boolean;
  /** The cart service's checkout mode to start from (default `orchestrated`). */
  checkoutMode?: CheckoutMode;
}

/** The cart service's checkout mode in memory (the switch changes it, `reset` brings the first one back). */
export interface CheckoutModeState {
  mode: CheckoutMode;
  reset(): void;
}

export function createCheckoutModeState(initial: CheckoutMode = 'orchestrated'): CheckoutModeState {
  return {
    mode: initial,
    reset() {
      this.mode = initial;
    },
  };
}

/** The supervisor's processes in memory: a kill is seen at once, the restart at the next read. */
export interface ProcessState {
  list(): ProcessStatus[];
  kill(name: string): ProcessStatus | null;
  reset(): void;
}

export function createProcessState(initial: readonly ProcessStatus[] = seedProcesses()): ProcessState {
  let processes = initial.map((process) => ({ ...process }));
  let nextPid = 52_000;
  return {
    // Like the real supervisor, a killed process waits in backoff; here the wait ends at the next read.
    list() {
      processes = processes.map((process) => {
        if (process.state !== 'backoff') return process;
        nextPid += 1;
        return { ...process, state: 'running', pid: nextPid, startedAt: new Date().toISOString() };
      });
      return processes.map((process) => ({ ...process }));
    },
    kill(name) {
      const found = processes.find((process) => process.name === name);
      if (!found) return null;
      // The supervisor counts the restart when it sees the exit, before the new process starts.
      const killed: ProcessStatus = {
        ...found,
        state: 'backoff',
        pid: null,
        startedAt: null,
        restarts: found.restarts + 1,
        lastExit: { code: null, signal: 'SIGKILL', at: new Date().toISOString() },
      };
      processes = processes.map((process) => (process.name === name ? killed : process));
      return { ...killed };
    },
    reset() {
      processes = initial.map((process) => ({ ...process }));
    },
  };
}

const DEFAULT_RETRY_MS = 4200;
const STREAM_RETRY_MS = 2000;

/** The 503 of the process routes when no supervisor runs (with `Retry-After`, as every 503 of the BFF). */
export function supervisorUnavailableResponse() {
  const requestId = nextRequestId();
  return HttpResponse.json<ErrorEnvelope>(
    {
      error: { code: 'SUPERVISOR_UNAVAILABLE', message: 'No supervisor runs this stack' },
      meta: { requestId },
    },
    { status: 503, headers: { 'Retry-After': retryAfterSeconds(5000), [REQUEST_ID_HEADER]: requestId } },
  );
}

/**
 * One snapshot, then the stream ends: EventSource reconnects after `retry` and gets a fresh one, which is a
 * stream of snapshots every 2 s without a timer that outlives the page or the test.
 */
function streamResponse(data: unknown): Response {
  const text = `retry: ${STREAM_RETRY_MS}\n\nevent: snapshot\ndata: ${JSON.stringify(data)}\n\n`;
  return new HttpResponse(text, {
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' },
  });
}

/**
 * Builds the console's handlers for one scenario: `/api/resilience` and the ops stream show two replicas whose
 * breakers follow the scenario (see ./fixtures.ts), the process routes answer from an in-memory supervisor, the
 * checkout mode from an in-memory cart setting (503 when the scenario has the cart down: degraded, unavailable).
 */
export function createOpsHandlers(
  scenario: ScenarioName,
  options: OpsHandlerOptions & { state?: ProcessState; modeState?: CheckoutModeState } = {},
): HttpHandler[] {
  const retryAfterMs = options.retryAfterMs ?? DEFAULT_RETRY_MS;
  const supervisor = options.supervisor ?? true;
  const state = options.state ?? createProcessState(options.processes);
  const modeState = options.modeState ?? createCheckoutModeState(options.checkoutMode);
  const cartDown = scenario !== 'normal';
  const handlerOptions = { once: options.once ?? false };

  return [
    http.get<PathParams, DefaultBodyType, BodiesOf<typeof getResilience>>(
      '*/api/resilience',
      ({ request }) => {
        const replicas = replicaResilience(scenario, retryAfterMs);
        const own = replicas[0] ?? { replica: 'bff-1', available: true, upstreams: [] };
        const local = new URL(request.url).searchParams.get('scope') === 'local';
        const { meta, init } = ownMeta();
        return HttpResponse.json<ResilienceAnswer>(
          {
            replica: own.replica,
            upstreams: own.upstreams,
            replicas: local ? [own] : replicas,
            availability: availabilityOf(local ? [own] : replicas),
            meta,
          },
          init,
        );
      },
      handlerOptions,
    ),
    http.get(
      '*/api/ops/stream',
      () => streamResponse(opsSnapshotOf(replicaResilience(scenario, retryAfterMs))),
      handlerOptions,
    ),
    http.get<PathParams, DefaultBodyType, BodiesOf<typeof getOpsHistory>>(
      '*/api/ops/history',
      () => {
        const { meta, init } = ownMeta();
        const history = historyOf(replicaResilience(scenario, retryAfterMs));
        return HttpResponse.json<OpsHistoryAnswer>({ ...history, meta }, init);
      },
      handlerOptions,
    ),
    http.get<PathParams, DefaultBodyType, BodiesOf<typeof listOpsEvents>>(
      '*/api/ops/events',
      ({ request }) => {
        const params = new URL(request.url).searchParams;
        const limit = Number(params.get('limit') ?? 50);
        if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
          return errorResponse(400, 'INVALID_REQUEST', 'Invalid value for query parameter "limit"');
        }
        const { meta, init } = ownMeta();
        const answer = eventsAnswer(scenario, { correlationId: params.get('correlationId'), limit });
        return HttpResponse.json<OpsEventsAnswer>({ ...answer, meta }, init);
      },
      handlerOptions,
    ),
    http.get<PathParams, DefaultBodyType, BodiesOf<typeof getCheckoutMode>>(
      '*/api/ops/checkout-mode',
      () => {
        if (cartDown) return unavailableResponse('cart', retryAfterMs);
        const { meta, init } = ownMeta();
        return HttpResponse.json<CheckoutModeAnswer>({ mode: modeState.mode, meta }, init);
      },
      handlerOptions,
    ),
    http.put<PathParams, DefaultBodyType, BodiesOf<typeof setCheckoutMode>>(
      '*/api/faults/checkout-mode',
      async ({ request }) => {
        const body: unknown = await request.json().catch(() => null);
        const mode = CHECKOUT_MODES.find((name) => name === (body as { mode?: unknown } | null)?.mode);
        if (mode === undefined) {
          return errorResponse(400, 'INVALID_REQUEST', 'mode must be orchestrated or choreographed', {
            field: 'mode',
          });
        }
        if (cartDown) return unavailableResponse('cart', retryAfterMs);
        modeState.mode = mode;
        const { meta, init } = ownMeta();
        return HttpResponse.json<CheckoutModeAnswer>({ mode, meta }, init);
      },
      handlerOptions,
    ),
    http.get<PathParams, DefaultBodyType, BodiesOf<typeof listProcesses>>(
      '*/api/ops/processes',
      () => {
        if (!supervisor) return supervisorUnavailableResponse();
        const { meta, init } = ownMeta();
        return HttpResponse.json<ProcessesAnswer>({ processes: state.list(), meta }, init);
      },
      handlerOptions,
    ),
    // The local trace store, as `npm start` runs it: two recent requests (./trace-fixtures.ts).
    http.get<PathParams, DefaultBodyType, BodiesOf<typeof listTraces>>(
      '*/api/ops/traces',
      ({ request }) => {
        const params = new URL(request.url).searchParams;
        const limit = Number(params.get('limit') ?? 50);
        const minDurationMs = Number(params.get('minDurationMs') ?? 0);
        if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
          return errorResponse(400, 'INVALID_REQUEST', 'limit must be an integer from 1 to 200', {
            param: 'limit',
          });
        }
        if (!Number.isFinite(minDurationMs) || minDurationMs < 0) {
          return errorResponse(400, 'INVALID_REQUEST', 'minDurationMs must be 0 or more', {
            param: 'minDurationMs',
          });
        }
        const { meta, init } = ownMeta();
        return HttpResponse.json<TracesAnswer>({ traces: traceSummaries(limit, minDurationMs), meta }, init);
      },
      handlerOptions,
    ),
    http.get<{ traceId: string }, DefaultBodyType, BodiesOf<typeof getTrace>>(
      '*/api/ops/traces/:traceId',
      ({ params }) => {
        const spans = traceSpans(params.traceId);
        if (!spans) return errorResponse(404, 'TRACE_NOT_FOUND', 'No trace with that id in the store');
        const { meta, init } = ownMeta();
        return HttpResponse.json<TraceAnswer>({ trace: { traceId: params.traceId, spans }, meta }, init);
      },
      handlerOptions,
    ),
    http.post<{ name: string }, DefaultBodyType, BodiesOf<typeof killProcess>>(
      '*/api/faults/processes/:name/kill',
      ({ params }) => {
        if (!supervisor) return supervisorUnavailableResponse();
        const killed = state.kill(params.name);
        if (!killed) return errorResponse(404, 'PROCESS_NOT_FOUND', `no process named ${params.name}`);
        const { meta, init } = ownMeta();
        return HttpResponse.json<ProcessKillAnswer>({ process: killed, meta }, { ...init, status: 202 });
      },
      handlerOptions,
    ),
  ];
}

const readyStates: Record<ScenarioName, { state: ProcessState; modeState: CheckoutModeState }> = {
  normal: { state: createProcessState(), modeState: createCheckoutModeState() },
  degraded: { state: createProcessState(), modeState: createCheckoutModeState() },
  unavailable: { state: createProcessState(), modeState: createCheckoutModeState() },
};

/** Ready-made ops handlers per scenario (what `handlersFor` serves). */
export const opsHandlers: Record<ScenarioName, HttpHandler[]> = {
  normal: createOpsHandlers('normal', readyStates.normal),
  degraded: createOpsHandlers('degraded', readyStates.degraded),
  unavailable: createOpsHandlers('unavailable', readyStates.unavailable),
};

/** Brings every ready-made supervisor back to its seed processes and the checkout mode to its first (between tests). */
export function resetOpsMocks(): void {
  for (const { state, modeState } of Object.values(readyStates)) {
    state.reset();
    modeState.reset();
  }
}
