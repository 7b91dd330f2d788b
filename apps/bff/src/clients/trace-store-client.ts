// The local trace store's read API (apps/trace-store), when one runs with the stack: recent traces and one
// trace's spans for `/ops`. Answers pass through as they are; the routes check them against the contract.
import { ApiError } from '@storefront/service-kit';
import { callJson, type JsonAnswer } from './loopback-json.js';

/** A trace store answer, passed on with its status. */
export type TraceStoreAnswer = JsonAnswer;

/** The store's `GET /traces` query, as the contract's `listTraces` takes it. */
export interface TracesQuery {
  limit?: number;
  minDurationMs?: number;
}

/** 503 TRACE_STORE_UNAVAILABLE with `Retry-After: 1`: the console polls again on its own. */
export function traceStoreUnavailable(reason: string): ApiError {
  return new ApiError(503, 'TRACE_STORE_UNAVAILABLE', `The local trace store is unavailable: ${reason}`, {
    headers: { 'Retry-After': '1' },
  });
}

export class TraceStoreClient {
  /** `baseUrl` undefined: no trace store runs with this stack (every call is 503 TRACE_STORE_UNAVAILABLE). */
  constructor(
    private readonly baseUrl: string | undefined,
    private readonly timeoutMs = 2000,
  ) {}

  /** `GET /traces?limit&minDurationMs`: recent traces, slowest first. */
  traces(query: TracesQuery = {}): Promise<TraceStoreAnswer> {
    const params = new URLSearchParams();
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.minDurationMs !== undefined) params.set('minDurationMs', String(query.minDurationMs));
    const search = params.size > 0 ? `?${params}` : '';
    return this.call(`/traces${search}`);
  }

  /** `GET /traces/:traceId`: one trace's spans. */
  trace(traceId: string): Promise<TraceStoreAnswer> {
    return this.call(`/traces/${encodeURIComponent(traceId)}`);
  }

  private async call(path: string): Promise<TraceStoreAnswer> {
    if (!this.baseUrl) {
      throw traceStoreUnavailable('no trace store runs with this stack (TRACE_STORE_URL is not set)');
    }
    try {
      return await callJson('GET', `${this.baseUrl}${path}`, this.timeoutMs);
    } catch (error) {
      throw traceStoreUnavailable(error instanceof Error ? error.message : String(error));
    }
  }
}
