import type { ApiResult, DegradedInfo } from '../types/api';

/** Delay before trying again when the answer names none. */
export const DEFAULT_RETRY_AFTER_MS = 5000;

/** A plain JSON object. */
export type JsonObject = Record<string, unknown>;

/** Narrows an unknown JSON value to a plain object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Reads `meta.degraded`, or failing that the `Storefront-Degraded: <service>; reason=<reason>` header. */
function readDegraded(meta: unknown, header: string | null): DegradedInfo | null {
  const fromBody = isObject(meta) && isObject(meta.degraded) ? meta.degraded : null;
  if (fromBody) {
    const savedAt =
      typeof fromBody.savedAt === 'number'
        ? new Date(fromBody.savedAt).toISOString()
        : stringOrNull(fromBody.savedAt);
    return {
      service: stringOrNull(fromBody.service) ?? 'account',
      reason: stringOrNull(fromBody.reason) ?? 'unknown',
      savedAt,
      retryAfterMs: finiteOrNull(fromBody.retryAfterMs),
    };
  }
  if (!header) return null;
  const [service = 'account', ...params] = header.split(';').map((part) => part.trim());
  const reason = params.find((param) => param.startsWith('reason='))?.slice('reason='.length);
  return { service, reason: reason ?? 'unknown', savedAt: null, retryAfterMs: null };
}

/** `Retry-After` in ms (only the delta-seconds form; the BFF never sends a date). */
function retryAfterHeaderMs(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

async function readJson(response: Response, signal: AbortSignal | undefined): Promise<JsonObject | null> {
  try {
    const body: unknown = await response.json();
    return isObject(body) ? body : null;
  } catch (error) {
    if (signal?.aborted) throw error;
    return null;
  }
}

/** How to call: GET by default; a `json` body makes it a JSON write. */
export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT';
  json?: unknown;
  signal?: AbortSignal;
}

/**
 * Calls a BFF path and folds the answer into an {@link ApiResult}: live, degraded (saved copy), unavailable
 * (503/502/504 or no connection, with the delay before the next try) or error (with the contract's code).
 * `parse` turns a 2xx body (`{}` for an empty one) into data, or null when the shape is unexpected.
 * Rejects only when `signal` aborts. Cookies go along (same origin), which is how the session travels.
 */
export async function fetchApi<T>(
  path: string,
  parse: (body: JsonObject) => T | null,
  { method = 'GET', json, signal }: RequestOptions = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      signal,
      headers,
      credentials: 'same-origin',
      body: json === undefined ? undefined : JSON.stringify(json),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    // No answer at all (the shell host or the BFF is down): same treatment as a 503 without a delay.
    return {
      status: 'unavailable',
      retryAfterMs: DEFAULT_RETRY_AFTER_MS,
      message: 'The account service could not be reached.',
    };
  }

  const body = response.status === 204 ? {} : await readJson(response, signal);
  if (response.ok) {
    const data = parse(body ?? {});
    if (data === null) {
      return {
        status: 'error',
        message: 'The server sent an unexpected answer.',
        code: null,
        httpStatus: response.status,
      };
    }
    const degraded = readDegraded(body?.meta, response.headers.get('Storefront-Degraded'));
    return degraded ? { status: 'degraded', data, degraded } : { status: 'live', data };
  }

  const error = body && isObject(body.error) ? body.error : {};
  const message = stringOrNull(error.message);
  if (response.status === 503 || response.status === 502 || response.status === 504) {
    return {
      status: 'unavailable',
      retryAfterMs:
        finiteOrNull(error.retryAfterMs) ??
        retryAfterHeaderMs(response.headers.get('Retry-After')) ??
        DEFAULT_RETRY_AFTER_MS,
      message: message ?? 'The account service is temporarily unavailable.',
    };
  }
  return {
    status: 'error',
    message: message ?? `The request failed (HTTP ${response.status}).`,
    code: stringOrNull(error.code),
    httpStatus: response.status,
  };
}
