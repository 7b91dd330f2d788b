// The ledger as a service registers it (`app.ledger`, swept in the background) and the one call a route makes.
import type Database from 'better-sqlite3';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { repeatInBackground } from '../background.js';
import { IDEMPOTENT_REPLAYED_HEADER, idempotencyKeyOf, requestFingerprint } from '../idempotency.js';
import { definePlugin } from '../plugin.js';
import { IdempotencyLedger, type IdempotencyLedgerOptions, type LedgerAnswer } from './idempotency-ledger.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Idempotency keys of this service, in its own database (registered by {@link idempotencyLedgerPlugin}). */
    ledger: IdempotencyLedger;
  }
}

export interface IdempotencyLedgerPluginOptions extends IdempotencyLedgerOptions {
  /** The service's connection (read once the database plugin has opened it). */
  sqlite: () => Database.Database;
  /** How often expired keys are deleted (default 60 s). */
  sweepEveryMs?: number;
}

/** Decorates `app.ledger` and deletes expired keys in the background (the timer never keeps the process up). */
export const idempotencyLedgerPlugin = definePlugin<IdempotencyLedgerPluginOptions>(
  'idempotency-ledger',
  async (app, options) => {
    const ledger = new IdempotencyLedger(options.sqlite(), options);
    app.decorate('ledger', ledger);
    repeatInBackground(app, {
      name: 'idempotency sweep',
      everyMs: options.sweepEveryMs ?? 60_000,
      run: () => {
        const expired = ledger.sweep();
        if (expired > 0) app.log.info({ expired }, 'idempotency keys expired');
      },
    });
  },
);

/** Who asks and what identifies the request beside its method and path (volatile fields left out). */
export interface OnceScope {
  caller: string;
  fingerprint: unknown;
}

/**
 * Runs a route's effect at most once per `Idempotency-Key` of the caller and answers with its status: a replay
 * carries `Idempotent-Replayed: true`. Without a key the effect simply runs. Errors the effect throws store nothing.
 */
export function answerOnce<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  scope: OnceScope,
  effect: () => LedgerAnswer<T>,
): T {
  const key = idempotencyKeyOf(request);
  if (key === undefined) {
    const answer = effect();
    reply.code(answer.status);
    return answer.body;
  }
  const path = request.url.split('?')[0] ?? request.url;
  const result = request.server.ledger.run(
    { caller: scope.caller, key, fingerprint: requestFingerprint(request.method, path, scope.fingerprint) },
    effect,
  );
  reply.code(result.status);
  if (result.replayed) reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
  return result.body;
}
