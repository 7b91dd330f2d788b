// Consuming domain events (issue 13): subscriptions, the transports and their wiring into a service.
export {
  type Applied,
  applyEvent,
  consumerPosition,
  createConsumerTables,
  forgetProcessedBefore,
  saveConsumerPosition,
} from './apply-event.js';
export { ConsumerTracker, RECENT_LIMIT, retryDelayMs } from './consumer-tracker.js';
export {
  type ConsumersAnswer,
  type DomainEventsPluginOptions,
  domainEventsPlugin,
} from './domain-events-plugin.js';
export { type EventSettings, readEventSettings, readFeedUrl } from './event-settings.js';
export { type FeedConsumerOptions, startFeedConsumer } from './feed-consumer.js';
export {
  EVENTS_STREAM,
  EVENTS_SUBJECT_ROOT,
  ensureEventsStream,
  eventSubject,
  eventsStreamConfig,
  type NatsConnectionOptions,
  type NatsEventsConnection,
  type NatsHandles,
  type NatsTarget,
  openNatsConnection,
  sourceFilter,
} from './nats-connection.js';
export { type NatsConsumerOptions, natsDurableName, startNatsConsumer } from './nats-consumer.js';
export {
  NATS_RELAY_CONSUMER,
  type NatsRelay,
  type NatsRelayOptions,
  type NatsRelayStatus,
  startNatsRelay,
} from './nats-relay.js';
export type {
  ConsumedEvent,
  ConsumerStatus,
  EventSubscription,
  EventTransportKind,
  FailingEvent,
  RunningConsumer,
} from './types.js';
