// The console's events view (issue 13): the three services' outbox feeds merged into one stream. The feeds are
// ordered forward only (`after=<position>`), so "the newest N" cannot be asked of them: each BFF replica follows
// every feed from its start, keeping the last events of each in memory, and answers from that tail. Stateless for
// the console (it polls every 2 s for the newest N); a few hundred small records per service for the replica.
// The consumers' state is read with the feeds (consumer-board.ts) and each event answered names who consumed it.
import type {
  EventService,
  OpsConsumer,
  OpsConsumerService,
  OpsEvent,
  OpsEventSource,
} from '@storefront/contract';
import { EVENT_SERVICES } from '@storefront/contract';
import type { EventPage } from '../clients/event-page.js';
import { ConsumerBoard, type ConsumerStatusReader } from './consumer-board.js';

/** What the view needs of a service client. */
export interface EventFeedReader {
  events(after: number, limit: number, requestId: string): Promise<EventPage>;
}

export interface EventViewOptions {
  feeds: Record<EventService, EventFeedReader>;
  /** Each service's consumers (`GET /events/consumers`), read with its feed. */
  consumers: Record<EventService, ConsumerStatusReader>;
  /** Events kept per service (default 500): the oldest flow whose chain can still be shown. */
  retain?: number;
  /** Events asked per page (default 500, the feed's most). */
  pageSize?: number;
  /** Pages read per service and refresh (default 4): a long history is caught up over a few polls. */
  maxPages?: number;
  /** Told why a feed or a consumers' status could not be read, once per outage (then shown as unavailable). */
  onFailure?: (service: EventService, error: unknown, what: 'feed' | 'consumers') => void;
}

/** What the console asks: newer than `after` (per service), of one flow, the newest `limit`. */
export interface EventQuery {
  after?: Partial<Record<EventService, number>>;
  correlationId?: string;
  limit: number;
}

export interface EventViewAnswer {
  events: OpsEvent[];
  services: OpsEventSource[];
  consumers: OpsConsumer[];
  consumerServices: OpsConsumerService[];
}

/** An event as the tail keeps it: who consumed it is looked up when answering. */
type TailEvent = Omit<OpsEvent, 'consumedBy'>;

interface FeedTail {
  next: number;
  events: TailEvent[];
  available: boolean;
  /** Failed last time too: told once per outage, not at every poll. */
  failing: boolean;
}

/** Reads `catalog:12,cart:4` (the contract's pattern has checked the shape). */
export function parseEventCursor(cursor: string): Partial<Record<EventService, number>> {
  const after: Partial<Record<EventService, number>> = {};
  for (const part of cursor.split(',')) {
    const [service, position] = part.split(':');
    const known = EVENT_SERVICES.find((name) => name === service);
    if (known && position !== undefined) after[known] = Number(position);
  }
  return after;
}

// Same time: by service, then by position, so a flow's steps keep one order however often it is asked.
function byTime(a: TailEvent, b: TailEvent): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt < b.occurredAt ? -1 : 1;
  if (a.service !== b.service) return a.service < b.service ? -1 : 1;
  return a.position - b.position;
}

/** The merged tail of every service's feed; a feed that fails leaves its service unavailable, never the view. */
export class EventView {
  private readonly tails = new Map<EventService, FeedTail>(
    EVENT_SERVICES.map((service) => [service, { next: 0, events: [], available: false, failing: false }]),
  );
  private refreshing: Promise<void> | null = null;
  private readonly retain: number;
  private readonly pageSize: number;
  private readonly maxPages: number;
  private readonly board: ConsumerBoard;

  constructor(private readonly options: EventViewOptions) {
    this.retain = options.retain ?? 500;
    this.pageSize = options.pageSize ?? 500;
    this.maxPages = options.maxPages ?? 4;
    const { onFailure } = options;
    this.board = new ConsumerBoard({
      readers: options.consumers,
      keep: this.retain * EVENT_SERVICES.length,
      onFailure: onFailure && ((service, error) => onFailure(service, error, 'consumers')),
    });
  }

  /** Reads what is new in every feed, then answers from the tails, oldest first. */
  async read(query: EventQuery, requestId: string): Promise<EventViewAnswer> {
    await this.refresh(requestId);
    const matching: TailEvent[] = [];
    const services: OpsEventSource[] = [];
    for (const [service, tail] of this.tails) {
      services.push({ service, available: tail.available, next: tail.next });
      const after = query.after?.[service] ?? 0;
      for (const event of tail.events) {
        if (event.position <= after) continue;
        if (query.correlationId !== undefined && event.correlationId !== query.correlationId) continue;
        matching.push(event);
      }
    }
    const events = matching
      .sort(byTime)
      .slice(-query.limit)
      .map((event) => ({ ...event, consumedBy: this.board.consumedBy(event.id) }));
    return {
      events,
      services,
      consumers: this.board.consumers(),
      consumerServices: this.board.services(),
    };
  }

  // One read at a time: consoles polling together share it instead of each asking every service.
  private refresh(requestId: string): Promise<void> {
    this.refreshing ??= Promise.all([
      ...EVENT_SERVICES.map((service) => this.catchUp(service, requestId)),
      this.board.refresh(requestId),
    ])
      .then(() => undefined)
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  private async catchUp(service: EventService, requestId: string): Promise<void> {
    const tail = this.tails.get(service);
    if (!tail) return;
    try {
      for (let page = 0; page < this.maxPages; page++) {
        const { events, next } = await this.options.feeds[service].events(
          tail.next,
          this.pageSize,
          requestId,
        );
        tail.events.push(...events.map((event) => ({ ...event, service })));
        if (tail.events.length > this.retain) tail.events.splice(0, tail.events.length - this.retain);
        tail.next = next;
        if (events.length < this.pageSize) break;
      }
      tail.available = true;
      tail.failing = false;
    } catch (error) {
      // Down, breaker open, or a page of the wrong shape: the other services' events still answer.
      tail.available = false;
      if (!tail.failing) this.options.onFailure?.(service, error, 'feed');
      tail.failing = true;
    }
  }
}
