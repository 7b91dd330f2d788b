// The consuming side of domain events (issue 13), whatever carries them: a subscription says which events of
// which publisher a consumer handles and how; a transport (the pull feed by default, NATS JetStream when
// `NATS_URL` is set) delivers them at least once, and applyEvent makes each delivery count once.
import type { DomainEvent } from '../sqlite/outbox.js';

/** The transports: `feed` pulls `GET /events?after=` from the publisher; `nats` reads a JetStream consumer. */
export type EventTransportKind = 'feed' | 'nats';

/** What one consumer handles. */
export interface EventSubscription {
  /** Unique name of the consumer, e.g. `catalog.orders`: its position, processed ids and NATS durable go by it. */
  consumer: string;
  /** The publishing service, e.g. `cart-service` (a key of the sources' URLs, and the NATS subject's part). */
  source: string;
  /** The event types it handles; the others are passed over (the position still moves past them). */
  types: readonly string[];
  /**
   * The effect, synchronous: it runs inside the IMMEDIATE transaction that records the event id (and, for the
   * feed, the new position), so it may append the events it causes with `appendEvents`. Throwing rolls all of it
   * back: the event is retried later (the consumer stops at it, keeping order).
   */
  handle: (event: DomainEvent) => void;
}

/** An event a consumer could not handle yet, being retried. */
export interface FailingEvent {
  eventId: string;
  type: string;
  correlationId: string;
  attempts: number;
  lastError: string;
  nextAttemptAt: string;
}

/** An event a consumer handled (or passed over), for the events view's "who consumed it, when". */
export interface ConsumedEvent {
  eventId: string;
  type: string;
  correlationId: string;
  position: number;
  at: string;
}

/** One consumer as `GET /events/consumers` shows it. */
export interface ConsumerStatus {
  consumer: string;
  source: string;
  transport: EventTransportKind;
  /** Running (false once stopped, or while paused for a demo). */
  running: boolean;
  /** The last publisher position handled (feed), or the last stream sequence acknowledged (nats). */
  position: number;
  /** The publisher's newest position (feed) or the stream's last sequence for this source (nats); null if unknown. */
  head: number | null;
  /** Events published but not handled yet; null when the head is unknown. */
  lag: number | null;
  /** Age of the oldest event not handled yet, in ms; 0 when caught up, null when unknown. */
  lagMs: number | null;
  /** The last time it heard from the transport (a page read, a message or a heartbeat). */
  lastContactAt: string | null;
  /** The last error reaching the transport (not an event's), cleared by the next success. */
  transportError: string | null;
  /** Events handled since the process started. */
  handled: number;
  /** The newest events it handled, newest last (at most 100). */
  recent: ConsumedEvent[];
  failing: FailingEvent[];
}

/** A running consumer, as a transport starts it. */
export interface RunningConsumer {
  status(): ConsumerStatus;
  stop(): Promise<void>;
}
