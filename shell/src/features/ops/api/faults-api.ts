import type { FaultRequest, FaultTarget, Scenario } from './ops-types';

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
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new FaultApiError('NETWORK_ERROR', 'The fault API cannot be reached', 0);
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

/** Injects a fault into one target (replaces its current fault). */
export function injectFault(target: string, body: FaultRequest): Promise<{ target: FaultTarget }> {
  return call('PUT', targetPath(target), body);
}

/** Clears the fault of one target. */
export function clearFault(target: string): Promise<{ target: FaultTarget }> {
  return call('DELETE', targetPath(target));
}

/** Clears every target's fault. */
export function clearAllFaults(): Promise<{ targets: FaultTarget[] }> {
  return call('DELETE', '/api/faults');
}

/** The scenarios the fault proxy can run. */
export function listScenarios(): Promise<{ scenarios: Scenario[] }> {
  return call('GET', '/api/faults/scenarios');
}

/** Starts a scenario (the proxy cancels a running one first); `speed` divides its timings. */
export function runScenario(
  name: string,
  speed: number,
): Promise<{ run: { name: string; startedAt: string; endsAt: string; speed: number } }> {
  return call('POST', `/api/faults/scenarios/${encodeURIComponent(name)}/run`, { speed });
}

/** Cancels the running scenario; the proxy clears the faults it injected. */
export function stopScenario(): Promise<unknown> {
  return call('DELETE', '/api/faults/scenarios/current');
}
