// What a call through an upstream's policy looks like in a trace: one span for the call, a child span per attempt
// (the attempt's HTTP client span itself: its `traceparent` goes out with the request, so the service's server
// span is its child), and events for what the policy decided without calling: a retry scheduled, the breaker
// short-circuiting, the bulkhead refusing, a saved or fresh copy served.
import { addSpanEvent, type ClientSpanScope, inClientSpan, inSpan } from '@storefront/service-kit';

/** One call of an upstream (`catalog GET`), whatever its attempts. */
export function traceCall<T>(
  upstream: string,
  method: string,
  path: string,
  fn: () => Promise<T>,
): Promise<T> {
  return inSpan(`${upstream} ${method}`, { 'storefront.upstream': upstream, 'url.path': path }, fn);
}

/**
 * One attempt of a call (`catalog attempt 2`), the client span of its HTTP request; `attempt` counts from 1.
 * `fn` sends `scope.traceHeaders` with the request.
 */
export function traceAttempt<T>(
  upstream: string,
  attempt: number,
  method: string,
  fn: (scope: ClientSpanScope) => Promise<T>,
): Promise<T> {
  return inClientSpan(
    `${upstream} attempt ${attempt}`,
    { 'storefront.attempt': attempt, 'http.request.method': method },
    fn,
  );
}

/** What the policy did without (another) call, recorded on the call's span. */
export type PolicyEvent =
  | { name: 'retry'; attempt: number; delayMs: number; reason: string }
  | { name: 'breaker.rejected'; state: string }
  | { name: 'bulkhead.rejected' }
  | { name: 'saved-copy'; ageMs: number; reason: string }
  | { name: 'fresh-copy'; ageMs: number };

/** Adds `event` to the active span (the call's), with its fields as attributes. */
export function recordPolicyEvent({ name, ...fields }: PolicyEvent): void {
  addSpanEvent(name, fields);
}
