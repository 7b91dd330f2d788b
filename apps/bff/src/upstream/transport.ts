import { type Dispatcher, request } from 'undici';

/** What one attempt sends to an upstream. */
export interface TransportRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/** What one attempt needs back: the status, the content type and the whole body. */
export interface TransportResponse {
  status: number;
  contentType: string;
  body: Buffer;
  /** The service answered with the stored answer of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

/** One HTTP exchange with an upstream (network errors reject). */
export type Transport = (url: string, init: TransportRequest) => Promise<TransportResponse>;

/**
 * undici's `request` on the global dispatcher (the pool fetch uses too): the same connections, without the
 * WHATWG Request/Response/Headers objects fetch builds for every call (about a third of a pass-through
 * call's cost, docs/benchmarks.md). Redirects are not followed: a 3xx comes back as it is.
 */
export const undiciTransport: Transport = async (url, { method, headers, body, signal }) => {
  const res = await request(url, {
    method: method as Dispatcher.HttpMethod,
    headers,
    body,
    signal,
  });
  const buffer = Buffer.from(await res.body.arrayBuffer());
  const type = res.headers['content-type'];
  return {
    status: res.statusCode,
    contentType: (Array.isArray(type) ? type[0] : type) ?? '',
    body: buffer,
    replayed: res.headers['idempotent-replayed'] === 'true',
  };
};

/** Adapts a fetch function (tests inject fakes) to a Transport. */
export function fetchTransport(fetchImpl: typeof fetch): Transport {
  return async (url, { method, headers, body, signal }) => {
    const res = await fetchImpl(url, { method, headers, body, signal, redirect: 'error' });
    const buffer = Buffer.from(await res.arrayBuffer());
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      body: buffer,
      replayed: res.headers.get('idempotent-replayed') === 'true',
    };
  };
}
