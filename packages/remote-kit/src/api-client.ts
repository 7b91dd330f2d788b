import {
  DEGRADED_HEADER,
  DEGRADED_REASONS,
  type DegradedReason,
  type ErrorCode,
  formatTraceparent,
  newTraceparent,
  TRACEPARENT_HEADER,
  takeEarlyResponse,
} from '@storefront/contract/browser';
import type { ApiResult, DegradedInfo, WriteResult } from './types';

/** Delay before trying again when the answer names none. */
export const DEFAULT_RETRY_AFTER_MS = 5000;

/** A plain JSON object. */
export type JsonObject = Record<string, unknown>;

/** Turns a 2xx body into data; returns null when the body has an unexpected shape. */
export type Parse<T> = (body: JsonObject) => T | null;

/** Narrows an unknown JSON value to a plain object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Field readers for the remotes' parsers, which read each answer field by field into the contract's types.

/** A non-empty string, else null. */
export function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** A string (possibly empty), else `fallback`. */
export function stringOr(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

/** An integer, else null. */
export function integerOrNull(value: unknown): number | null {
  return Number.isInteger(value) ? Number(value) : null;
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function reasonOf(value: unknown): DegradedReason | 'unknown' {
  const reason = DEGRADED_REASONS.find((known) => known === value);
  return reason ?? 'unknown';
}

/**
 * `error.code` as the contract's `ErrorCode`, which lists every code the browser can receive. Taken at its word
 * rather than looked up in `ERROR_CODES`: that table carries each code's documentation (~1.3 KB gzip) into every
 * remote. A code outside it equals none of the codes a remote compares against, so it falls to the default branch.
 */
function codeOf(value: unknown): ErrorCode | null {
  return stringOrNull(value) as ErrorCode | null;
}

/**
 * Reads `meta.degraded` field by field into the contract's `Degraded`; failing that, what the
 * `Storefront-Degraded: <service>; reason=<reason>` header says (with `savedAt` and `retryAfterMs` unknown).
 */
function readDegraded(meta: unknown, header: string | null, fallbackService: string): DegradedInfo | null {
  const fromBody = isObject(meta) && isObject(meta.degraded) ? meta.degraded : null;
  if (fromBody) {
    const service = stringOrNull(fromBody.service) ?? fallbackService;
    const reason = reasonOf(fromBody.reason);
    // A number is taken as epoch ms.
    const savedAt =
      typeof fromBody.savedAt === 'number'
        ? new Date(fromBody.savedAt).toISOString()
        : stringOrNull(fromBody.savedAt);
    const retryAfterMs = finiteOrNull(fromBody.retryAfterMs);
    if (reason !== 'unknown' && savedAt !== null && retryAfterMs !== null) {
      return { service, reason, savedAt, retryAfterMs };
    }
    return { service, reason, savedAt: null, retryAfterMs: null };
  }
  if (!header) return null;
  const [named, ...params] = header.split(';').map((part) => part.trim());
  const reason = params.find((param) => param.startsWith('reason='))?.slice('reason='.length);
  return { service: named || fallbackService, reason: reasonOf(reason), savedAt: null, retryAfterMs: null };
}

/** `Retry-After` in ms (only the delta-seconds form; the BFF never sends a date). */
function retryAfterHeaderMs(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

/** The delay a 5xx answer names (body first, then `Retry-After`), else the default. */
function retryAfterOf(error: JsonObject, response: Response): number {
  return (
    finiteOrNull(error.retryAfterMs) ??
    retryAfterHeaderMs(response.headers.get('Retry-After')) ??
    DEFAULT_RETRY_AFTER_MS
  );
}

async function readJson(response: Response, signal: AbortSignal | undefined): Promise<JsonObject | null> {
  // 204 has no body by definition: parsers see an empty object (e.g. a write that only needs "it worked").
  if (response.status === 204) return {};
  try {
    const body: unknown = await response.json();
    return isObject(body) ? body : null;
  } catch (error) {
    if (signal?.aborted) throw error;
    return null;
  }
}

const isUnavailableStatus = (status: number) => status === 503 || status === 502 || status === 504;

/** How to call: GET by default; a `json` body makes it a JSON write. */
export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  json?: unknown;
  signal?: AbortSignal;
}

/** A write request: method, path, JSON body and the action's `Idempotency-Key`. */
export interface WriteRequest {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: JsonObject;
  idempotencyKey: string;
}

/** What a remote's client says about its own service. */
export interface ApiClientOptions {
  /** Service named in degraded info when the answer itself names none, e.g. `catalog`. */
  service: string;
  /** How messages name the service, e.g. `The catalog` ("The catalog could not be reached."). */
  label?: string;
}

/** The BFF calls of one remote. */
export interface ApiClient {
  /**
   * Calls a BFF path and folds the answer into an {@link ApiResult}: live, degraded (saved copy), unavailable
   * (503/502/504 or no connection, with the delay before the next try) or error (with the contract's code).
   * `parse` turns a 2xx body (`{}` for a 204) into data, or null when the shape is unexpected. Rejects only
   * when `signal` aborts. Cookies go along (same origin), which is how the session travels.
   */
  fetchApi<T>(path: string, parse: Parse<T>, options?: RequestOptions): Promise<ApiResult<T>>;
  /**
   * Sends one write to the BFF with its `Idempotency-Key` and folds the answer into a {@link WriteResult}. A
   * failure is `retryable` when no answer was stored under the key (no connection, 5xx, key still in use), so
   * the same action may be sent again with the same key. Never rejects.
   */
  sendApi<T>(request: WriteRequest, parse: Parse<T>): Promise<WriteResult<T>>;
}

/**
 * Each call starts a trace (W3C `traceparent`): the shell host, the BFF and the services continue it, so one
 * trace id names the call in every process's logs and in `/ops`.
 */
function traceHeader(): Record<string, string> {
  return { [TRACEPARENT_HEADER]: formatTraceparent(newTraceparent()) };
}

/** Creates a remote's BFF client; the options only change wording and fallbacks, never the contract. */
export function createApiClient({ service, label = 'The server' }: ApiClientOptions): ApiClient {
  const unexpected = `${label} sent an unexpected answer.`;
  const unreachable = `${label} could not be reached.`;

  async function fetchApi<T>(
    path: string,
    parse: Parse<T>,
    { method = 'GET', json, signal }: RequestOptions = {},
  ): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { Accept: 'application/json', ...traceHeader() };
    // The BFF takes writes as JSON only, a body-less one included (its cross-site guard, docs/errors.md).
    if (json !== undefined || method === 'POST' || method === 'PUT' || method === 'PATCH') {
      headers['Content-Type'] = 'application/json';
    }
    let response: Response;
    try {
      // The shell may have started this very GET before the remote loaded (early data, decision 017).
      const early =
        method === 'GET' && json === undefined && !signal?.aborted ? takeEarlyResponse(path) : undefined;
      response = await (early ??
        fetch(path, {
          method,
          signal,
          headers,
          credentials: 'same-origin',
          body: json === undefined ? undefined : JSON.stringify(json),
        }));
      // An early answer has no signal of its own: an abort meanwhile rejects as fetch would have.
      signal?.throwIfAborted();
    } catch (error) {
      if (signal?.aborted) throw error;
      // No answer at all (the shell host or the BFF is down): same treatment as a 503 without a delay.
      return { status: 'unavailable', retryAfterMs: DEFAULT_RETRY_AFTER_MS, message: unreachable };
    }

    const body = await readJson(response, signal);
    if (response.ok) {
      const data = body ? parse(body) : null;
      if (data === null)
        return { status: 'error', message: unexpected, code: null, httpStatus: response.status };
      const degraded = readDegraded(body?.meta, response.headers.get(DEGRADED_HEADER), service);
      return degraded ? { status: 'degraded', data, degraded } : { status: 'live', data };
    }

    const error = body && isObject(body.error) ? body.error : {};
    const message = stringOrNull(error.message);
    if (isUnavailableStatus(response.status)) {
      return {
        status: 'unavailable',
        retryAfterMs: retryAfterOf(error, response),
        message: message ?? `${label} is temporarily unavailable.`,
      };
    }
    return {
      status: 'error',
      message: message ?? `The request failed (HTTP ${response.status}).`,
      code: codeOf(error.code),
      httpStatus: response.status,
    };
  }

  async function sendApi<T>(request: WriteRequest, parse: Parse<T>): Promise<WriteResult<T>> {
    let response: Response;
    try {
      response = await fetch(request.path, {
        method: request.method,
        headers: {
          Accept: 'application/json',
          'Idempotency-Key': request.idempotencyKey,
          ...traceHeader(),
          // JSON even without a body: the BFF refuses other writes (its cross-site guard); DELETE has none.
          ...(request.body || request.method !== 'DELETE' ? { 'Content-Type': 'application/json' } : {}),
        },
        credentials: 'same-origin',
        body: request.body ? JSON.stringify(request.body) : undefined,
      });
    } catch {
      return {
        ok: false,
        kind: 'network',
        httpStatus: null,
        code: null,
        message: unreachable,
        retryable: true,
        retryAfterMs: DEFAULT_RETRY_AFTER_MS,
        error: {},
      };
    }

    const body = await readJson(response, undefined);
    if (response.ok) {
      const data = body ? parse(body) : null;
      if (data !== null) return { ok: true, data };
      return {
        ok: false,
        kind: 'rejected',
        httpStatus: response.status,
        code: null,
        message: unexpected,
        retryable: false,
        retryAfterMs: null,
        error: {},
      };
    }

    const error = body && isObject(body.error) ? body.error : {};
    const code = codeOf(error.code);
    const unavailable = response.status >= 500;
    return {
      ok: false,
      kind: unavailable ? 'unavailable' : 'rejected',
      httpStatus: response.status,
      code,
      message: stringOrNull(error.message) ?? `The request failed (HTTP ${response.status}).`,
      // 5xx answers are never stored under the key; IN_USE means the first try is still running.
      retryable: unavailable || code === 'IDEMPOTENCY_KEY_IN_USE',
      retryAfterMs: unavailable ? retryAfterOf(error, response) : null,
      error,
    };
  }

  return { fetchApi, sendApi };
}
