// A service's outbox feed (`GET /events?after=&limit=`, service-kit's event-feed plugin) as the BFF reads it. Each
// client owns its path and calls this with its own upstream, so the read goes through that service's policy
// (breaker, timeout, bulkhead) and is signed like any other call.
import type { OpsEvent } from '@storefront/contract';
import type { Upstream } from '../upstream/upstream.js';
import { fieldsOf, invalidResponse, isInteger, isRecord, jsonOf } from './service-answer.js';

/**
 * One event's envelope as the events view shows it, before it names the service and its consumers (the payload is
 * left behind).
 */
export type FeedEvent = Omit<OpsEvent, 'service' | 'consumedBy'>;

/** One page of a feed: `next` is the position to ask `after` next time. */
export interface EventPage {
  events: FeedEvent[];
  next: number;
}

function eventOf(service: string): (raw: unknown) => FeedEvent {
  const fields = fieldsOf(service, 'event', {
    id: 'string',
    type: 'string',
    version: 'integer',
    occurredAt: 'string',
    correlationId: 'string',
    position: 'integer',
  });
  return (raw) => {
    if (!isRecord(raw)) throw invalidResponse(service, 'event');
    const { causationId } = raw;
    if (causationId !== null && typeof causationId !== 'string')
      throw invalidResponse(service, 'event (causationId)');
    return { ...fields(raw), causationId };
  };
}

const checkers = new Map<string, (raw: unknown) => FeedEvent>();

/** `GET /events` on `upstream`, always live (a saved copy of a moving feed would hide new events). */
export async function readEventPage(
  upstream: Upstream,
  service: string,
  after: number,
  limit: number,
  requestId: string,
): Promise<EventPage> {
  const outcome = await upstream.request({
    path: '/events',
    query: { after, limit },
    savedCopy: 'none',
    requestId,
  });
  const { events, next } = jsonOf(service, outcome);
  if (!Array.isArray(events) || !isInteger(next)) throw invalidResponse(service, 'event page');
  let check = checkers.get(service);
  if (!check) {
    check = eventOf(service);
    checkers.set(service, check);
  }
  return { events: events.map(check), next };
}
