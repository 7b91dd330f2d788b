// Wires a service's domain events (issue 13): its outbox served as a feed (`GET /events`), its consumers started
// when the app is ready and stopped when it closes, and what they are doing (`GET /events/consumers`) for /ops.
// With `NATS_URL` the outbox is also relayed to NATS JetStream and the consumers read from there instead.
import type Database from 'better-sqlite3';
import { repeatInBackground } from '../background.js';
import { definePlugin } from '../plugin.js';
import { ServiceCredential } from '../service-credential.js';
import { eventFeedPlugin } from '../sqlite/event-feed-plugin.js';
import { OUTBOX_RETENTION_MS, trimOutbox } from '../sqlite/outbox.js';
import { consumerPosition, forgetProcessedBefore } from './apply-event.js';
import { startFeedConsumer } from './feed-consumer.js';
import { type NatsEventsConnection, openNatsConnection } from './nats-connection.js';
import { startNatsConsumer } from './nats-consumer.js';
import { NATS_RELAY_CONSUMER, type NatsRelay, type NatsRelayStatus, startNatsRelay } from './nats-relay.js';
import type { ConsumerStatus, EventSubscription, RunningConsumer } from './types.js';

export interface DomainEventsPluginOptions {
  /** The service's connection (read once the database plugin opened it), with the consumer tables created. */
  sqlite: () => Database.Database;
  /** The service's name: its NATS subjects are `storefront.events.<service>.<type>`. */
  service: string;
  /** What this service consumes (none: it only publishes). */
  subscriptions?: readonly EventSubscription[];
  /**
   * Where each source's feed is (`cart-service` → `http://127.0.0.1:4002`). On the feed transport a subscription
   * whose source has no URL is not started (tests of a service alone).
   */
  sources?: Readonly<Record<string, string>>;
  /** Signs the feed reads (`SERVICE_SECRET`). */
  serviceSecret?: string;
  /** Pause between feed (or outbox) reads when caught up (default 250 ms). */
  pollMs?: number;
  /**
   * `NATS_URL`: relay the outbox to NATS JetStream and consume from it instead of the feeds. The feed is still
   * served (the `/ops` view reads it, and it is the record).
   */
  natsUrl?: string;
  /** How long the outbox keeps events (`OUTBOX_RETENTION_MS`, default a week); checked every 10 minutes. */
  retentionMs?: number;
}

/** `GET /events/consumers`' answer; `relay` only on the NATS transport. */
export interface ConsumersAnswer {
  consumers: ConsumerStatus[];
  relay?: NatsRelayStatus;
}

export const domainEventsPlugin = definePlugin<DomainEventsPluginOptions>(
  'domain-events',
  async (app, options) => {
    app.register(eventFeedPlugin, { sqlite: options.sqlite });
    const running: RunningConsumer[] = [];
    const credential = options.serviceSecret ? new ServiceCredential(options.serviceSecret) : null;
    let nats: NatsEventsConnection | null = null;
    let relay: NatsRelay | null = null;

    function startConsumer(
      sqlite: Database.Database,
      subscription: EventSubscription,
    ): RunningConsumer | null {
      if (nats) return startNatsConsumer({ connection: nats, sqlite, subscription, log: app.log });
      const url = options.sources?.[subscription.source];
      if (url === undefined) return null;
      return startFeedConsumer({
        sqlite,
        subscription,
        url,
        credential,
        log: app.log,
        pollMs: options.pollMs,
      });
    }

    app.addHook('onReady', async () => {
      const sqlite = options.sqlite();
      if (options.natsUrl) {
        const { service } = options;
        nats = openNatsConnection({ url: options.natsUrl, name: `${service}:${process.pid}`, log: app.log });
        relay = startNatsRelay({ connection: nats, sqlite, service, log: app.log, pollMs: options.pollMs });
        app.log.info({ nats: options.natsUrl }, 'relaying domain events to NATS JetStream');
      }
      const transport = nats ? 'nats' : 'feed';
      for (const subscription of options.subscriptions ?? []) {
        const { consumer, source } = subscription;
        const started = startConsumer(sqlite, subscription);
        if (!started) {
          app.log.warn({ consumer }, `no feed URL for ${source}: not consuming`);
          continue;
        }
        running.push(started);
        app.log.info({ consumer, source, transport }, 'consuming events');
      }
    });
    // Before the database closes (hooks run in reverse order of registration: this plugin comes after it).
    app.addHook('onClose', async () => {
      await Promise.all([...running.map((consumer) => consumer.stop()), relay?.stop()]);
      running.length = 0;
      await nats?.close();
    });

    // The retention rule: a week of events stays readable (a consumer down longer than that hears so: 410),
    // nothing the NATS relay has not handed over yet is ever deleted, and processed ids older than that go too.
    const retentionMs = options.retentionMs ?? OUTBOX_RETENTION_MS;
    repeatInBackground(app, {
      name: 'outbox retention',
      everyMs: Math.min(retentionMs, 10 * 60 * 1000),
      run: () => {
        const sqlite = options.sqlite();
        const keepAfter = relay ? consumerPosition(sqlite, NATS_RELAY_CONSUMER) : undefined;
        const cutoff = new Date(Date.now() - retentionMs);
        const deleted = trimOutbox(sqlite, cutoff, keepAfter);
        const forgotten = forgetProcessedBefore(sqlite, cutoff);
        if (deleted + forgotten > 0) app.log.info({ deleted, forgotten }, 'events past retention deleted');
      },
    });

    app.get('/events/consumers', { logLevel: 'warn' }, async (): Promise<ConsumersAnswer> => {
      const consumers = running.map((consumer) => consumer.status());
      return relay ? { consumers, relay: relay.status() } : { consumers };
    });
  },
  { encapsulate: true },
);
