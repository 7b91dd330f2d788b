// One JSON call to a helper process on this machine (the supervisor, the local trace store): the status and the
// parsed body come back as they are, for the route to check; a network failure, a timeout or a body that is not
// JSON rejects, and each client turns that into its own 503.
import { request } from 'undici';

/** An answer passed on with its status. */
export interface JsonAnswer {
  status: number;
  body: unknown;
}

/** `method url` with `accept: application/json`, at most `timeoutMs`. */
export async function callJson(method: 'GET' | 'POST', url: string, timeoutMs: number): Promise<JsonAnswer> {
  const res = await request(url, {
    method,
    signal: AbortSignal.timeout(timeoutMs),
    headers: { accept: 'application/json' },
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text === '' ? undefined : JSON.parse(text) };
}
