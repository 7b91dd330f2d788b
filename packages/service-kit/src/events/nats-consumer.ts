// The NATS transport's consuming side (issue 13): a durable JetStream pull consumer per subscription, reading every
// event its source publishes. Each message goes through applyEvent (the event id makes a redelivery count once),
// then is acknowledged; a handler that throws gets the message back later (nak with the tracker's backoff). One
// message is outstanding at a time (max_ack_pending 1), so a failing event holds back the ones after it, in order,
// as the pull feed does.
import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerInfo,
  type ConsumerMessages,
  DeliverPolicy,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type Database from 'better-sqlite3';
import type { FastifyBaseLogger } from 'fastify';
import type { DomainEvent } from '../sqlite/outbox.js';
import { applyEvent } from './apply-event.js';
import { ConsumerTracker, retryDelayMs } from './consumer-tracker.js';
import {
  connectionFor,
  EVENTS_STREAM,
  type NatsHandles,
  type NatsTarget,
  sourceFilter,
} from './nats-connection.js';
import { sleepUnlessAborted } from './sleep.js';
import type { ConsumerStatus, EventSubscription, RunningConsumer } from './types.js';

export type NatsConsumerOptions = NatsTarget & {
  sqlite: Database.Database;
  subscription: EventSubscription;
  log: FastifyBaseLogger;
  /** How long JetStream waits for an ack before delivering again (default 30 s). */
  ackWaitMs?: number;
  /** How often head and lag are read from the server (default 2 s). */
  refreshMs?: number;
};

/** The durable's name: the consumer's, with what NATS refuses in a name (dots, wildcards, spaces) as `_`. */
export function natsDurableName(consumer: string): string {
  return consumer.replace(/[^A-Za-z0-9_-]/g, '_');
}

function isDomainEvent(value: unknown): value is DomainEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Partial<DomainEvent>;
  return (
    typeof event.id === 'string' &&
    typeof event.type === 'string' &&
    typeof event.occurredAt === 'string' &&
    typeof event.correlationId === 'string' &&
    Number.isInteger(event.version)
  );
}

function parseEvent(msg: JsMsg): DomainEvent | null {
  try {
    const value = msg.json<unknown>();
    return isDomainEvent(value) ? value : null;
  } catch {
    return null;
  }
}

/** Starts consuming in the background; `stop()` ends it after the message in hand. */
export function startNatsConsumer(options: NatsConsumerOptions): RunningConsumer {
  const { sqlite, subscription, log } = options;
  const ackWaitMs = options.ackWaitMs ?? 30_000;
  const durable = natsDurableName(subscription.consumer);
  const filter = sourceFilter(subscription.source);
  const { connection, owned } = connectionFor(options, `${durable}:${process.pid}`, log);
  // Positions here are stream sequences, read from the durable once it is bound.
  const tracker = new ConsumerTracker(subscription.consumer, subscription.source, 'nats', 0);
  const stopping = new AbortController();
  const stopped = new Promise<never>((_, reject) => {
    stopping.signal.addEventListener('abort', () => reject(new Error('consumer stopped')), { once: true });
  });
  stopped.catch(() => {});
  const where = { consumer: subscription.consumer, durable, nats: connection.url };
  let lag: number | null = null;
  let handles: NatsHandles | null = null;
  let messages: ConsumerMessages | null = null;

  const config: Partial<ConsumerConfig> = {
    durable_name: durable,
    filter_subject: filter,
    deliver_policy: DeliverPolicy.All,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(ackWaitMs),
    max_deliver: -1,
    // One at a time: a nak'ed event is retried before any later one is delivered (order kept).
    max_ack_pending: 1,
  };

  function noteInfo(info: ConsumerInfo): void {
    tracker.position = Math.max(tracker.position, info.ack_floor.stream_seq);
    lag = info.num_pending + info.num_ack_pending;
    if (lag === 0) tracker.oldestPendingAt = null;
  }

  let refreshing = false;
  async function refresh(): Promise<void> {
    if (!handles || refreshing || stopping.signal.aborted) return;
    const { jsm } = handles;
    refreshing = true;
    try {
      const [info, last] = await Promise.all([
        jsm.consumers.info(EVENTS_STREAM, durable),
        jsm.streams.getMessage(EVENTS_STREAM, { last_by_subj: filter }),
      ]);
      noteInfo(info);
      tracker.head = last?.seq ?? 0;
      tracker.contact();
    } catch (error) {
      if (!stopping.signal.aborted) tracker.transportFailed(error);
    } finally {
      refreshing = false;
    }
  }

  async function handle(msg: JsMsg): Promise<void> {
    tracker.contact();
    const event = parseEvent(msg);
    if (event === null) {
      // Never handleable, by any consumer: dropped for good rather than redelivered forever.
      log.error({ ...where, subject: msg.subject, seq: msg.seq }, 'malformed event message; terminated');
      msg.term();
      return;
    }
    tracker.oldestPendingAt = event.occurredAt;
    let counted: boolean;
    try {
      counted = applyEvent(sqlite, subscription, event) !== 'passed-over';
    } catch (error) {
      const delay = tracker.failed(event, error);
      log.warn(
        { err: error, ...where, eventId: event.id, type: event.type },
        'event handler failed; retrying',
      );
      msg.nak(delay);
      return;
    }
    try {
      // Confirmed: the position shown is one JetStream has recorded.
      await msg.ackAck();
    } catch (error) {
      // Handled and committed: the redelivery will be skipped as a duplicate.
      tracker.transportFailed(error);
      return;
    }
    tracker.done(event, msg.seq, counted);
    lag = msg.info.pending;
    if (lag === 0) {
      tracker.oldestPendingAt = null;
      tracker.head = Math.max(tracker.head ?? 0, msg.seq);
    }
  }

  /** Follows the pull's notifications; a consumer or stream gone (NATS lost its data) is created again. */
  async function watch(current: ConsumerMessages): Promise<void> {
    for await (const note of current.status()) {
      if (note.type === 'heartbeat') tracker.contact();
      else if (note.type === 'heartbeats_missed') {
        tracker.transportFailed(`missed ${note.count} heartbeats from NATS`);
      } else if (
        note.type === 'consumer_not_found' ||
        note.type === 'consumer_deleted' ||
        note.type === 'stream_not_found'
      ) {
        tracker.transportFailed(`${note.type.replaceAll('_', ' ')}: creating it again`);
        await current.close();
      }
    }
  }

  /** Binds the durable (creating or updating it) and reads until stopped or the pull ends. */
  async function consumeOnce(recreate: boolean): Promise<void> {
    handles = await Promise.race([connection.ready(), stopped]);
    if (recreate) await connection.ensureStream();
    const info = await handles.jsm.consumers.add(EVENTS_STREAM, config);
    tracker.position = info.ack_floor.stream_seq;
    noteInfo(info);
    tracker.contact();
    const current = await handles.js.consumers.getConsumerFromInfo(info).consume({ max_messages: 10 });
    messages = current;
    if (stopping.signal.aborted) {
      await current.close();
      return;
    }
    void watch(current).catch(() => {});
    void refresh();
    for await (const msg of current) {
      // Given back at once rather than after the ack wait, to whoever consumes next.
      if (stopping.signal.aborted) msg.nak();
      else await handle(msg);
    }
  }

  async function loop(): Promise<void> {
    let failures = 0;
    while (!stopping.signal.aborted) {
      try {
        await consumeOnce(failures > 0);
        failures = 0;
        // Ended without stop(): its durable or stream went missing; bind again after a short pause.
        if (!stopping.signal.aborted) await sleepUnlessAborted(retryDelayMs(1), stopping.signal);
      } catch (error) {
        if (stopping.signal.aborted) break;
        failures += 1;
        tracker.transportFailed(error);
        if (failures === 1) log.warn({ err: error, ...where }, 'NATS consumer unavailable; retrying');
        await sleepUnlessAborted(retryDelayMs(failures), stopping.signal);
      }
    }
  }

  const timer = setInterval(() => void refresh(), options.refreshMs ?? 2000);
  timer.unref();
  const done = loop().catch((error: unknown) => log.error({ err: error, ...where }, 'NATS consumer stopped'));
  return {
    status(): ConsumerStatus {
      const status = tracker.status();
      // Lag comes from the server (pending + unacknowledged), not from sequences: the stream mixes sources.
      const oldest = tracker.oldestPendingAt;
      const lagMs =
        lag === null
          ? null
          : lag === 0
            ? 0
            : oldest === null
              ? null
              : Math.max(0, Date.now() - Date.parse(oldest));
      return { ...status, lag, lagMs, transportError: connection.problem() ?? status.transportError };
    },
    async stop() {
      tracker.running = false;
      stopping.abort();
      clearInterval(timer);
      await messages?.close();
      await done;
      if (owned) await connection.close();
    },
  };
}
