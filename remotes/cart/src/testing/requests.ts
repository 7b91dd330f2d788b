import { server } from './server';

/** One request the page sent, as the tests check it. */
export interface SentRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
}

/** Records every request that reaches the mock server from now on (listeners are removed after each test). */
export function recordRequests(): SentRequest[] {
  const sent: SentRequest[] = [];
  server.events.on('request:start', ({ request }) => {
    sent.push({
      method: request.method,
      path: new URL(request.url).pathname,
      idempotencyKey: request.headers.get('Idempotency-Key'),
    });
  });
  return sent;
}

/** Only the writes among recorded requests. */
export function writesOf(sent: SentRequest[]): SentRequest[] {
  return sent.filter((request) => request.method !== 'GET');
}
