import type {
  CheckoutMode,
  CheckoutModeAnswer,
  FaultRequest,
  FaultTargetAnswer,
  FaultTargetsAnswer,
  FaultTypesAnswer,
  ProcessesAnswer,
  ProcessKillAnswer,
  ScenarioRunAnswer,
  ScenariosAnswer,
} from '@storefront/contract/browser';

/** A failed call to the fault API, carrying the coded error of its body. */
export class FaultApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'FaultApiError';
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown };
}

async function call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      // Writes are JSON, a body-less POST included: the BFF refuses anything else (its cross-site guard).
      headers:
        body === undefined && method !== 'POST' && method !== 'PUT'
          ? { accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new FaultApiError('NETWORK_ERROR', 'The BFF cannot be reached', 0);
  }
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (data as ErrorBody | null)?.error;
    const code = typeof error?.code === 'string' ? error.code : `HTTP_${response.status}`;
    const message =
      typeof error?.message === 'string' ? error.message : `The fault API answered ${response.status}`;
    throw new FaultApiError(code, message, response.status);
  }
  return data as T;
}

function targetPath(target: string): string {
  return `/api/faults/${encodeURIComponent(target)}`;
}

/** The fault types the fault proxy can inject, with their options and bounds (it owns the list). */
export function listFaultTypes(): Promise<FaultTypesAnswer> {
  return call('GET', '/api/faults/types');
}

/** Injects a fault into one target (replaces its current fault). */
export function injectFault(target: string, body: FaultRequest): Promise<FaultTargetAnswer> {
  return call('PUT', targetPath(target), body);
}

/** Clears the fault of one target. */
export function clearFault(target: string): Promise<FaultTargetAnswer> {
  return call('DELETE', targetPath(target));
}

/** Clears every target's fault. */
export function clearAllFaults(): Promise<FaultTargetsAnswer> {
  return call('DELETE', '/api/faults');
}

/** The scenarios the fault proxy can run. */
export function listScenarios(): Promise<ScenariosAnswer> {
  return call('GET', '/api/faults/scenarios');
}

/** Starts a scenario (the proxy cancels a running one first); `speed` divides its timings. */
export function runScenario(name: string, speed: number): Promise<ScenarioRunAnswer> {
  return call('POST', `/api/faults/scenarios/${encodeURIComponent(name)}/run`, { speed });
}

/** Cancels the running scenario; the proxy clears the faults it injected. */
export function stopScenario(): Promise<unknown> {
  return call('DELETE', '/api/faults/scenarios/current');
}

/** `GET /api/ops/events` with its query (the events panel's hook checks the shape and polls). */
export function listOpsEvents(query: URLSearchParams): Promise<unknown> {
  return call('GET', `/api/ops/events?${query}`);
}

/** The cart service's checkout mode (`GET /api/ops/checkout-mode`, read live; 503 when the cart is down). */
export function getCheckoutMode(): Promise<CheckoutModeAnswer> {
  return call('GET', '/api/ops/checkout-mode');
}

/** Switches the checkout mode (demo mode: it is a fault API write, loopback only). */
export function setCheckoutMode(mode: CheckoutMode): Promise<CheckoutModeAnswer> {
  return call('PUT', '/api/faults/checkout-mode', { mode });
}

/** The supervisor's view of every process (`503 SUPERVISOR_UNAVAILABLE` when no supervisor runs the stack). */
export function listProcesses(): Promise<ProcessesAnswer> {
  return call('GET', '/api/ops/processes');
}

/** SIGKILLs one supervised process (demo mode); the supervisor restarts it with backoff. */
export function killProcess(name: string): Promise<ProcessKillAnswer> {
  return call('POST', `/api/faults/processes/${encodeURIComponent(name)}/kill`);
}

/** Recent traces from the local trace store, slowest first (`503 TRACE_STORE_UNAVAILABLE` when none runs). */
export function listTraces(query: URLSearchParams): Promise<unknown> {
  return call('GET', `/api/ops/traces?${query}`);
}

/** One trace's spans for the waterfall (`404 TRACE_NOT_FOUND` once the store no longer keeps it). */
export function getTrace(traceId: string): Promise<unknown> {
  return call('GET', `/api/ops/traces/${encodeURIComponent(traceId)}`);
}

/** "message (CODE)" for a coded fault API error, the plain message otherwise. */
export function messageOf(error: unknown): string {
  if (error instanceof FaultApiError) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}
