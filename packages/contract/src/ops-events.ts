// The console's events view (issue 13): the domain events the three services published through their outboxes,
// merged into one stream, and each flow's chain by correlation id. Publisher side only: who consumed what (and
// the lag) comes with the consumers. The envelope only: payloads stay in the services' feeds.
import { errorResponse, Meta } from './common.js';
import { defineRoute, Nullable, type Static, StringEnum, Type } from './schema.js';

/** The services whose feeds the view reads, by their upstream names. */
export const EVENT_SERVICES = ['catalog', 'cart', 'account'] as const;
export type EventService = (typeof EVENT_SERVICES)[number];

/** Most events one answer holds. */
export const OPS_EVENTS_MAX_LIMIT = 200;

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

export const OpsEventsAnswer = Type.Object(
  { events: Type.Array(OpsEvent), services: Type.Array(OpsEventSource), meta: Meta },
  { description: 'The newest events of every service, oldest first, and each service’s feed state' },
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
