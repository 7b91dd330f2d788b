// The services' idempotency ledger as the fakes keep it (packages/service-kit/src/sqlite/idempotency-ledger.ts):
// per caller and key, the request's fingerprint and the answer, stored with the effect. A replay carries
// `Idempotent-Replayed: true`; the same key with another fingerprint is 422 IDEMPOTENCY_KEY_REUSED; an effect
// that fails (a 4xx here) stores nothing, so a retry asks again.
import {
  errorBody,
  IDEMPOTENT_REPLAYED_HEADER,
  idempotencyKeyOf,
  keyReusedError,
  requestFingerprint,
} from '@storefront/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** What an effect answers. */
export interface FakeAnswer {
  status: number;
  body: unknown;
}

interface Entry {
  fingerprint: string;
  answer: FakeAnswer;
}

export class FakeLedger {
  private readonly entries = new Map<string, Entry>();
  /** How many requests were answered from the ledger instead of running their effect again. */
  replays = 0;
  /** How many effects ran under a key (first requests). */
  effects = 0;

  /** Keys stored (all callers). */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Runs `effect` at most once per (`caller`, Idempotency-Key): its answer, or the stored one (`replayed`), or 422
   * for the key reused with another fingerprint. Without a key the effect simply runs. `fingerprint` is what
   * identifies the request beside its method and path.
   */
  run(
    request: FastifyRequest,
    scope: { caller: string; fingerprint: unknown },
    effect: () => FakeAnswer,
  ): FakeAnswer & { replayed: boolean } {
    const key = idempotencyKeyOf(request);
    if (key === undefined) return { ...effect(), replayed: false };
    const path = request.url.split('?')[0] ?? request.url;
    const fingerprint = requestFingerprint(request.method, path, scope.fingerprint);
    const id = `${scope.caller}\n${key}`;
    const found = this.entries.get(id);
    if (found) {
      if (found.fingerprint !== fingerprint) {
        const error = keyReusedError();
        return { status: error.statusCode, body: error.toBody(request.id), replayed: false };
      }
      this.replays++;
      return { ...structuredClone(found.answer), replayed: true };
    }
    const answer = effect();
    if (answer.status < 400) {
      this.effects++;
      this.entries.set(id, { fingerprint, answer: structuredClone(answer) });
    }
    return { ...answer, replayed: false };
  }

  /** {@link run}, sent: a replay carries `Idempotent-Replayed: true`. */
  answer(
    request: FastifyRequest,
    reply: FastifyReply,
    scope: { caller: string; fingerprint: unknown },
    effect: () => FakeAnswer,
  ): FastifyReply {
    const result = this.run(request, scope, effect);
    if (result.replayed) reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return reply.code(result.status).send(result.body);
  }
}

/** A service's error envelope, as the fakes answer it. */
export function errorOf(code: string, message: string, details: Record<string, unknown> = {}) {
  return errorBody(code, message, 'fake', details);
}
