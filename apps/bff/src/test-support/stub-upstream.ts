import { resolveResilienceConfig } from '../config.js';
import { Upstream } from '../upstream/upstream.js';

/** One request a stub upstream received. */
export interface StubCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** What the stub answers: a status and a JSON body (or raw text with its content type). */
export type StubAnswer = { status: number; json: unknown } | { status: number; text: string; type: string };

/**
 * An Upstream (no retries, no breaker opening) whose transport is a function of the request: for testing a
 * client's paths, headers and answer checks without a server.
 */
export function stubUpstream(
  name: string,
  answer: (call: StubCall) => StubAnswer,
): { upstream: Upstream; calls: StubCall[] } {
  const calls: StubCall[] = [];
  const fetchStub: typeof fetch = async (input, init) => {
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const call: StubCall = { method: init?.method ?? 'GET', url: String(input), headers, body };
    calls.push(call);
    const result = answer(call);
    return 'json' in result
      ? new Response(JSON.stringify(result.json), {
          status: result.status,
          headers: { 'content-type': 'application/json' },
        })
      : new Response(result.text, { status: result.status, headers: { 'content-type': result.type } });
  };
  const upstream = new Upstream({
    name,
    baseUrl: 'http://service.test',
    config: resolveResilienceConfig({ retryAttempts: 0, breakerThreshold: 0 }),
    logger: { info: () => {}, warn: () => {} },
    fetch: fetchStub,
  });
  return { upstream, calls };
}
