// The NATS transport's publishing side (issue 13): copies a service's outbox, in order, to JetStream. Each event
// goes to `storefront.events.<service>.<type>` with its id as `Nats-Msg-Id`; the relay's position moves only once
// JetStream has acknowledged it. A crash between the ack and the saved position publishes the event again, which
// JetStream drops as a duplicate within its window (and consumers skip by event id anyway): nothing is lost, nothing
// counts twice.
import { RequestError } from '@nats-io/transport-node';
import type Database from 'better-sqlite3';
import type { FastifyBaseLogger } from 'fastify';
import { readFeed } from '../sqlite/outbox.js';
import { consumerPosition, createConsumerTables, saveConsumerPosition } from './apply-event.js';
import { retryDelayMs } from './consumer-tracker.js';
import { connectionFor, eventSubject, type NatsTarget } from './nats-connection.js';
import { sleepUnlessAborted } from './sleep.js';

/** The relay's position is saved in `consumer_positions` under this name. */
export const NATS_RELAY_CONSUMER = 'relay:nats';

export type NatsRelayOptions = NatsTarget & {
  sqlite: Database.Database;
  /** The publishing service, e.g. `cart-service`: the subject's second token. */
  service: string;
  log: FastifyBaseLogger;
  /** Pause between reads of the outbox when everything is relayed (default 200 ms). */
  pollMs?: number;
  /** Events read at once (default 100). */
  batchSize?: number;
};

/** The relay as `/ops` shows it. */
export interface NatsRelayStatus {
  service: string;
  transport: 'nats';
  running: boolean;
  /** The outbox position of the last event JetStream acknowledged. */
  position: number;
  /** The outbox's newest position (null until first read). */
  head: number | null;
  /** Events in the outbox not relayed yet (null until first read). */
  lag: number | null;
  /** Age of the oldest event not relayed yet, in ms (0 when caught up, null until first read). */
  lagMs: number | null;
  /** Events relayed since the process started (duplicates JetStream dropped included). */
  relayed: number;
  lastRelayedAt: string | null;
  /** The last error reaching NATS, cleared by the next success. */
  lastError: string | null;
}

export interface NatsRelay {
  status(): NatsRelayStatus;
  stop(): Promise<void>;
}

/** Starts relaying in the background; `stop()` ends it after the event in hand (its ack is not awaited). */
export function startNatsRelay(options: NatsRelayOptions): NatsRelay {
  const { sqlite, service, log } = options;
  const pollMs = options.pollMs ?? 200;
  const batchSize = options.batchSize ?? 100;
  const { connection, owned } = connectionFor(options, `${service}:relay:${process.pid}`, log);
  const stopping = new AbortController();
  // The relay keeps its position in consumer_positions, which a service consuming nothing (account) never made.
  createConsumerTables(sqlite);
  let position = consumerPosition(sqlite, NATS_RELAY_CONSUMER);
  let head: number | null = null;
  let oldestPendingAt: string | null = null;
  let relayed = 0;
  let lastRelayedAt: string | null = null;
  let lastError: string | null = null;
  let failures = 0;
  let running = true;

  const stopped = new Promise<never>((_, reject) => {
    stopping.signal.addEventListener('abort', () => reject(new Error('relay stopped')), { once: true });
  });
  stopped.catch(() => {});

  /** Relays one page; true when the outbox may hold more right away. */
  async function relayPage(): Promise<boolean> {
    const { js } = await Promise.race([connection.ready(), stopped]);
    const page = readFeed(sqlite, position, batchSize);
    head = page.head;
    oldestPendingAt = page.events[0]?.occurredAt ?? null;
    for (const [index, event] of page.events.entries()) {
      if (stopping.signal.aborted) return false;
      // The whole event, position included: a consumer sees exactly what the pull feed serves.
      const publish = js.publish(eventSubject(service, event.type), JSON.stringify(event), {
        msgID: event.id,
      });
      await Promise.race([publish, stopped]);
      saveConsumerPosition(sqlite, NATS_RELAY_CONSUMER, event.position);
      position = event.position;
      relayed += 1;
      lastRelayedAt = new Date().toISOString();
      oldestPendingAt = page.events[index + 1]?.occurredAt ?? null;
    }
    return page.events.length === batchSize;
  }

  async function loop(): Promise<void> {
    while (!stopping.signal.aborted) {
      let wait = pollMs;
      try {
        const more = await relayPage();
        if (failures > 0) log.info({ service, nats: connection.url }, 'relaying events to NATS again');
        failures = 0;
        lastError = null;
        wait = more ? 0 : pollMs;
      } catch (error) {
        if (stopping.signal.aborted) break;
        failures += 1;
        lastError = error instanceof Error ? error.message : String(error);
        // Logged once per outage, not once per attempt.
        if (failures === 1) {
          log.warn({ err: error, service, nats: connection.url }, 'relaying events to NATS failed; retrying');
        }
        // No stream answered (NATS restarted without its data): create it again before the next attempt.
        if (error instanceof RequestError && error.isNoResponders()) {
          await Promise.race([connection.ensureStream(), stopped]).catch(() => {});
        }
        wait = retryDelayMs(failures);
      }
      if (wait > 0) await sleepUnlessAborted(wait, stopping.signal);
    }
  }

  const done = loop().catch((error: unknown) => log.error({ err: error, service }, 'NATS relay stopped'));
  return {
    status() {
      const lag = head === null ? null : Math.max(0, head - position);
      const lagMs =
        lag === null
          ? null
          : lag === 0 || oldestPendingAt === null
            ? 0
            : Date.now() - Date.parse(oldestPendingAt);
      return {
        service,
        transport: 'nats',
        running,
        position,
        head,
        lag,
        lagMs: lagMs === null ? null : Math.max(0, lagMs),
        relayed,
        lastRelayedAt,
        lastError: lastError ?? connection.problem(),
      };
    },
    async stop() {
      running = false;
      stopping.abort();
      await done;
      if (owned) await connection.close();
    },
  };
}
