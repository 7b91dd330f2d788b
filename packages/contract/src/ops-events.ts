// The console's events view (issue 13): the domain events the three services published through their outboxes,
// merged into one stream, each flow's chain by correlation id, and the consumers: where each stands in its
// publisher's feed (lag, failing events) and which events it consumed when. The envelope only: payloads stay in
// the services' feeds.
import { errorResponse, Meta } from './common.js';
import { defineRoute, Nullable, type Static, StringEnum, Type } from './schema.js';

/** The services whose feeds the view reads, by their upstream names. */
export const EVENT_SERVICES = ['catalog', 'cart', 'account'] as const;
export type EventService = (typeof EVENT_SERVICES)[number];

/** Most events one answer holds. */
export const OPS_EVENTS_MAX_LIMIT = 200;

/** One consumer that handled an event (ignored types are not listed). */
export const OpsConsumedBy = Type.Object({
  consumer: Type.String({ description: 'e.g. catalog.orders' }),
  service: StringEnum(EVENT_SERVICES, { description: 'the consuming service' }),
  at: Type.String({ format: 'date-time', description: 'when it handled the event' }),
});
export type OpsConsumedBy = Static<typeof OpsConsumedBy>;

/** One published event as the view shows it. */
export const OpsEvent = Type.Object({
  id: Type.String({ description: 'the event id consumers deduplicate on' }),
  service: StringEnum(EVENT_SERVICES, { description: 'the publishing service' }),
  type: Type.String({ description: 'e.g. OrderPlaced' }),
  version: Type.Integer(),
  occurredAt: Type.String({ format: 'date-time' }),
  correlationId: Type.String({ description: 'the flow: the checkout id where there is one' }),
  causationId: Nullable(Type.String(), {
    description: 'the causing event’s id; null when a request caused it',
  }),
  position: Type.Integer({ minimum: 1, description: 'position in the publishing service’s feed' }),
  consumedBy: Type.Array(OpsConsumedBy, {
    description:
      'the consumers seen handling it, first first (from their recent lists: empty until one reports it, and for ' +
      'an event no consumer handles)',
  }),
});
export type OpsEvent = Static<typeof OpsEvent>;

/** One service's feed as this BFF replica last read it. */
export const OpsEventSource = Type.Object({
  service: StringEnum(EVENT_SERVICES),
  available: Type.Boolean({
    description: 'false when its feed did not answer this time (its events read earlier stay)',
  }),
  next: Type.Integer({
    minimum: 0,
    description: 'the last position read: pass it in `after` to ask only newer ones',
  }),
});
export type OpsEventSource = Static<typeof OpsEventSource>;

/** The transports a consumer reads with: the pull feed, or a NATS JetStream consumer. */
export const EVENT_TRANSPORTS = ['feed', 'nats'] as const;

/** An event a consumer could not handle yet and retries (it stops there, keeping the feed's order). */
export const OpsFailingEvent = Type.Object({
  eventId: Type.String(),
  type: Type.String(),
  correlationId: Type.String(),
  attempts: Type.Integer({ minimum: 1 }),
  lastError: Type.String(),
  nextAttemptAt: Type.String({ format: 'date-time' }),
});
export type OpsFailingEvent = Static<typeof OpsFailingEvent>;

/** One consumer as its service last reported it. */
export const OpsConsumer = Type.Object({
  service: StringEnum(EVENT_SERVICES, { description: 'the consuming service' }),
  consumer: Type.String({ description: 'e.g. catalog.orders' }),
  source: StringEnum(EVENT_SERVICES, { description: 'the publishing service it reads' }),
  transport: StringEnum(EVENT_TRANSPORTS),
  running: Type.Boolean(),
  position: Type.Integer({ minimum: 0, description: 'the last position (or stream sequence) handled' }),
  head: Nullable(Type.Integer({ minimum: 0 }), { description: 'the publisher’s newest; null if unknown' }),
  lag: Nullable(Type.Integer({ minimum: 0 }), { description: 'events not handled yet; null if unknown' }),
  lagMs: Nullable(Type.Integer({ minimum: 0 }), {
    description: 'age of the oldest event not handled yet; 0 when caught up, null if unknown',
  }),
  lastContactAt: Nullable(Type.String({ format: 'date-time' }), {
    description: 'the last time it heard from its transport',
  }),
  transportError: Nullable(Type.String(), { description: 'the last error reaching the transport' }),
  handled: Type.Integer({ minimum: 0, description: 'events handled since its process started' }),
  failing: Type.Array(OpsFailingEvent),
});
export type OpsConsumer = Static<typeof OpsConsumer>;

/** Whether a service's consumers told this BFF replica how they stand, this time. */
export const OpsConsumerService = Type.Object({
  service: StringEnum(EVENT_SERVICES),
  available: Type.Boolean({
    description: 'false when its consumers’ status did not answer (its consumers last seen stay listed)',
  }),
});
export type OpsConsumerService = Static<typeof OpsConsumerService>;

export const OpsEventsAnswer = Type.Object(
  {
    events: Type.Array(OpsEvent),
    services: Type.Array(OpsEventSource),
    consumers: Type.Array(OpsConsumer),
    consumerServices: Type.Array(OpsConsumerService),
    meta: Meta,
  },
  {
    description:
      'The newest events of every service, oldest first, each service’s feed state, and its consumers’ state',
  },
);
export type OpsEventsAnswer = Static<typeof OpsEventsAnswer>;

/** `catalog:12,cart:4,account:3`: a position per service (a service left out: from its start). */
export const EVENT_CURSOR_PATTERN =
  '^(catalog|cart|account):[0-9]{1,15}(,(catalog|cart|account):[0-9]{1,15}){0,2}$';

export const listOpsEvents = defineRoute({
  method: 'GET',
  url: '/api/ops/events',
  schema: {
    description: [
      'The newest domain events of the catalog, cart and account services merged by `occurredAt` (oldest first),',
      'each with its `service`, and per service `{ service, available, next }`: a service whose feed does not',
      'answer is `available: false` and never fails the answer. The BFF replica keeps the last events of each feed',
      'it read (500 per service), so a correlation id older than that finds nothing here.',
      '',
      '`consumers`: every consumer of every service as last reported (`GET /events/consumers` of each service,',
      'read with the feeds): position, head, lag in events and ms, failing events, transport error;',
      '`consumerServices`: per service, whether that status answered this time (never fails the answer).',
      'Each event’s `consumedBy` lists the consumers seen handling it and when.',
    ].join('\n'),
    tags: ['ops'],
    querystring: Type.Object(
      {
        after: Type.Optional(
          Type.String({
            pattern: EVENT_CURSOR_PATTERN,
            description:
              'only events after these positions, e.g. `catalog:12,cart:4` (each service’s `next`)',
          }),
        ),
        correlationId: Type.Optional(
          Type.String({ minLength: 1, maxLength: 128, description: 'only this flow’s events: its chain' }),
        ),
        limit: Type.Optional(
          Type.Integer({
            minimum: 1,
            maximum: OPS_EVENTS_MAX_LIMIT,
            default: 50,
            description: 'the newest N',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    response: {
      200: OpsEventsAnswer,
      400: errorResponse('INVALID_REQUEST: a query parameter is out of its bounds (names it)'),
    },
  },
});

/** The events view's routes. */
export const opsEventRoutes = [listOpsEvents] as const;
