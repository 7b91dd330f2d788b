// How a route answers with a client's result: `meta.requestId` on every body, and for data from an upstream the
// degraded contract (`meta.degraded` and the Storefront-Degraded header when it is the last good copy).
import { type DataMeta, DEGRADED_HEADER, type Degraded, type Meta } from '@storefront/contract';
import { IDEMPOTENT_REPLAYED_HEADER } from '@storefront/service-kit';
import type { FastifyBaseLogger } from 'fastify';
import type { Answer } from '../clients/service-answer.js';

/** What answering needs of a request (routes' typed requests fit). */
export interface AnswerRequest {
  id: string;
  log: FastifyBaseLogger;
}

/** What answering needs of a reply. */
export interface AnswerReply {
  header(name: string, value: string): unknown;
}

/** `meta` of the BFF's own answers. */
export function metaOf(request: AnswerRequest): Meta {
  return { requestId: request.id };
}

/** `meta` of a live answer that did not need an upstream (e.g. the empty cart of an unknown shopper). */
export function liveMetaOf(request: AnswerRequest): DataMeta {
  return { requestId: request.id, degraded: null };
}

/** For an answer served from the last good copy: the Storefront-Degraded header and a log line. */
export function markDegraded(request: AnswerRequest, reply: AnswerReply, degraded: Degraded | null): void {
  if (!degraded) return;
  const { service, reason, savedAt } = degraded;
  request.log.info({ upstream: service, reason, savedAt }, 'served last good copy');
  reply.header(DEGRADED_HEADER, `${service}; reason=${reason}`);
}

/** `{ ...value, meta: { requestId, degraded } }`, marked as degraded when it is a saved copy. */
export function dataAnswer<T extends object>(
  request: AnswerRequest,
  reply: AnswerReply,
  answer: Answer<T>,
): T & { meta: DataMeta } {
  markDegraded(request, reply, answer.degraded);
  // The IETF draft's replay marker at the edge: the service stored the first answer with its effect.
  if (answer.replayed) reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
  return { ...answer.value, meta: { requestId: request.id, degraded: answer.degraded } };
}
