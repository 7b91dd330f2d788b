// Writes with an `Idempotency-Key`, as the BFF takes them: a known key with the same request replays the stored
// answer, with another request it is 422; checkout needs a key. Bodies are built (and typed) by the callers.
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  REQUEST_ID_HEADER,
} from '@storefront/contract/browser';
import { HttpResponse, type JsonBodyType } from 'msw';
import { errorResponse, nextRequestId } from '../answers';

/** A JSON object body of a request. */
export type JsonObject = Record<string, unknown>;

/** What one write answers; the body carries its own `meta` (the request id passed to `apply`). */
export interface WriteAnswer {
  status: number;
  body: JsonBodyType;
}

/** Runs one write: `apply` gets the parsed body and the request id its answer must carry. */
export type RunWrite = (
  request: Request,
  requireKey: boolean,
  apply: (body: JsonObject, requestId: string) => WriteAnswer,
) => Promise<Response>;

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

async function readBody(request: Request): Promise<JsonObject | null> {
  const text = await request.text();
  if (text === '') return {};
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as JsonObject) : null;
  } catch {
    return null;
  }
}

/** A store of answers by key, for one handler set; 5xx answers are never stored (the write may be retried). */
export function idempotentWrites(): RunWrite {
  const stored = new Map<string, { fingerprint: string; answer: WriteAnswer }>();
  const send = ({ status, body }: WriteAnswer, requestId: string, headers: Record<string, string> = {}) =>
    HttpResponse.json(body, { status, headers: { [REQUEST_ID_HEADER]: requestId, ...headers } });

  return async (request, requireKey, apply) => {
    const key = request.headers.get(IDEMPOTENCY_KEY_HEADER);
    if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
      return errorResponse(
        400,
        'INVALID_IDEMPOTENCY_KEY',
        'Idempotency-Key must be 1–255 visible characters',
      );
    }
    if (key === null && requireKey) {
      return errorResponse(400, 'IDEMPOTENCY_KEY_REQUIRED', 'an Idempotency-Key header is required');
    }
    const body = await readBody(request);
    if (body === null) return errorResponse(400, 'INVALID_REQUEST', 'the body must be a JSON object');
    const fingerprint = `${request.method} ${new URL(request.url).pathname} ${JSON.stringify(body)}`;
    const known = key === null ? undefined : stored.get(key);
    if (known && known.fingerprint !== fingerprint) {
      return errorResponse(
        422,
        'IDEMPOTENCY_KEY_REUSED',
        'this Idempotency-Key was used for another request',
      );
    }
    if (known) return send(known.answer, nextRequestId(), { [IDEMPOTENT_REPLAYED_HEADER]: 'true' });
    const requestId = nextRequestId();
    const answer = apply(body, requestId);
    if (key !== null && answer.status < 500) stored.set(key, { fingerprint, answer });
    return send(answer, requestId);
  };
}
