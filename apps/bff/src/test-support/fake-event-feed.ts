// The outbox feed every fake service serves (`GET /events?after=&limit=`), with the real plugin's rules
// (service-kit's event-feed-plugin.ts): oldest first after a position, `next` the last position given. Tests
// publish into it; the fake's credential check and faults apply to it like to any route. Beside it, what the
// service's consumers report (`GET /events/consumers`, service-kit's domain-events plugin): tests set `consumers`.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { FeedEvent } from '../clients/event-page.js';
import { errorOf } from './fake-ledger.js';

/** An event as the feed serves it: the envelope the client reads, and a payload it leaves behind. */
export type FakeFeedEvent = FeedEvent & { data: unknown };

/** A fake's outbox. */
export class FakeEventFeed {
  readonly events: FakeFeedEvent[] = [];
  /** The `consumers` of `GET /events/consumers`, as the service would send them (ConsumerStatus). */
  consumers: unknown[] = [];

  /** Appends an event at the next position; returns it. */
  publish(
    type: string,
    correlationId: string,
    options: { occurredAt?: string; causationId?: string | null } = {},
  ): FakeFeedEvent {
    const event = {
      id: randomUUID(),
      type,
      version: 1,
      occurredAt: options.occurredAt ?? new Date().toISOString(),
      correlationId,
      causationId: options.causationId ?? null,
      data: {},
      position: (this.events.at(-1)?.position ?? 0) + 1,
    };
    this.events.push(event);
    return event;
  }

  /** Registers `GET /events` and `GET /events/consumers` on the fake's server. */
  serve(server: FastifyInstance): void {
    server.get('/events/consumers', async () => ({ consumers: this.consumers }));
    server.get<{ Querystring: { after?: string; limit?: string } }>('/events', async (request, reply) => {
      const after = Number(request.query.after ?? 0);
      const limit = Number(request.query.limit ?? 100);
      if (!Number.isInteger(after) || !Number.isInteger(limit) || limit < 1 || limit > 500) {
        return reply.code(400).send(errorOf('INVALID_REQUEST', 'after or limit out of bounds'));
      }
      const events = this.events.filter((event) => event.position > after).slice(0, limit);
      return { events, next: events.at(-1)?.position ?? after };
    });
  }
}
