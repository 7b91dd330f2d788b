// The NATS JetStream transport's connection (issue 13): one per process, shared by its relay and its consumers.
// It reconnects forever (NATS may start after the services, or restart under them) and makes sure the one stream
// of domain events exists with the settings below, whoever starts first: several processes ensure it at once.
import {
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream';
import { connect, type NatsConnection, nanos } from '@nats-io/transport-node';
import type { FastifyBaseLogger } from 'fastify';
import { retryDelayMs } from './consumer-tracker.js';
import { sleepUnlessAborted } from './sleep.js';

/** The stream every service publishes its domain events to. */
export const EVENTS_STREAM = 'STOREFRONT_EVENTS';
/** Subjects are `storefront.events.<service>.<type>`. */
export const EVENTS_SUBJECT_ROOT = 'storefront.events';

const STREAM_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;
/** The server's answer to a create with settings that differ from the existing stream's. */
const STREAM_NAME_IN_USE = 10058;

/** The stream's settings: kept a week whatever was consumed, a publish repeated within 2 minutes is dropped. */
export function eventsStreamConfig(): Partial<StreamConfig> & Pick<StreamConfig, 'name'> {
  return {
    name: EVENTS_STREAM,
    subjects: [`${EVENTS_SUBJECT_ROOT}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    max_age: nanos(STREAM_MAX_AGE_MS),
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  };
}

/** A subject token must not hold separators or wildcards: it would publish or filter somewhere else. */
function token(value: string, what: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(value)) {
    throw new Error(`${what} "${value}" cannot be a NATS subject token (letters, digits, - and _ only)`);
  }
  return value;
}

/** `storefront.events.<service>.<type>`: where `service` publishes an event of `type`. */
export function eventSubject(service: string, type: string): string {
  return `${EVENTS_SUBJECT_ROOT}.${token(service, 'service')}.${token(type, 'event type')}`;
}

/** `storefront.events.<source>.>`: every event `source` publishes. */
export function sourceFilter(source: string): string {
  return `${EVENTS_SUBJECT_ROOT}.${token(source, 'source')}.>`;
}

/** What the relay and the consumers use once connected. */
export interface NatsHandles {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

export interface NatsConnectionOptions {
  /** `NATS_URL`, e.g. `nats://127.0.0.1:4222`. */
  url: string;
  /** The client's name in the server's monitoring (`/connz`), e.g. `cart-service:1234`. */
  name: string;
  log: FastifyBaseLogger;
  /** Wait between reconnect attempts (default 1 s). */
  reconnectWaitMs?: number;
  /** Timeout of a JetStream request (publish, info; default 5 s). */
  timeoutMs?: number;
}

/** A connection that may not be up yet: {@link openNatsConnection} returns at once and keeps trying. */
export interface NatsEventsConnection {
  readonly url: string;
  /** Resolves once connected with the stream ensured; rejects only if closed before. */
  ready(): Promise<NatsHandles>;
  /** Ensures the stream again (after a publish found no stream: NATS restarted without its data). */
  ensureStream(): Promise<void>;
  /** What is wrong with the connection now (null: connected), for the `/ops` view. */
  problem(): string | null;
  /** Drains and closes; what uses it stops with it. */
  close(): Promise<void>;
}

/** Creates the stream, or updates it when it exists with other settings; safe when several processes race. */
export async function ensureEventsStream(jsm: JetStreamManager): Promise<void> {
  const config = eventsStreamConfig();
  try {
    await jsm.streams.add(config);
  } catch (error) {
    // Same settings: the create succeeds; other settings (an older version of this file): update to these.
    if (!(error instanceof JetStreamApiError) || error.code !== STREAM_NAME_IN_USE) throw error;
    const { name: _name, ...settings } = config;
    await jsm.streams.update(EVENTS_STREAM, settings);
  }
}

/** Connects to `url` in the background, forever, and ensures the stream once connected. */
export function openNatsConnection(options: NatsConnectionOptions): NatsEventsConnection {
  const { url, name, log } = options;
  const timeout = options.timeoutMs ?? 5000;
  const waitMs = options.reconnectWaitMs ?? 1000;
  const closing = new AbortController();
  let problem: string | null = `connecting to ${url}`;
  let nc: NatsConnection | null = null;

  async function watch(connection: NatsConnection): Promise<void> {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect') {
        problem = `disconnected from ${url}`;
        log.warn({ nats: url }, 'NATS connection lost; reconnecting');
      } else if (status.type === 'reconnect') {
        problem = null;
        log.info({ nats: url }, 'NATS connection back');
      }
    }
  }

  async function connectOnce(attempt: number): Promise<NatsConnection | null> {
    try {
      // No limit once connected: the client reconnects by itself whenever NATS comes back.
      return await connect({
        servers: url,
        name,
        maxReconnectAttempts: -1,
        reconnectTimeWait: waitMs,
        timeout,
      });
    } catch (error) {
      problem = `cannot reach NATS at ${url}: ${error instanceof Error ? error.message : error}`;
      // Logged once per outage, not once per attempt.
      if (attempt === 1) log.warn({ err: error, nats: url }, 'NATS unreachable; retrying');
      await sleepUnlessAborted(waitMs, closing.signal);
      return null;
    }
  }

  async function setUp(): Promise<NatsHandles> {
    // The first connection is retried here, not by the client, so that close() can end the attempts.
    let connection: NatsConnection | null = null;
    for (let attempt = 1; connection === null; attempt++) {
      if (closing.signal.aborted) throw new Error('NATS connection closed');
      connection = await connectOnce(attempt);
    }
    nc = connection;
    if (closing.signal.aborted) {
      await connection.close();
      throw new Error('NATS connection closed');
    }
    problem = null;
    void watch(connection);
    const jsm = await jetstreamManager(connection, { timeout, checkAPI: false });
    for (let attempt = 1; ; attempt++) {
      try {
        await ensureEventsStream(jsm);
        break;
      } catch (error) {
        if (closing.signal.aborted || connection.isClosed()) throw error;
        problem = `cannot ensure stream ${EVENTS_STREAM}: ${error instanceof Error ? error.message : error}`;
        if (attempt === 1) log.warn({ err: error, nats: url }, 'NATS stream not ensured yet; retrying');
        await sleepUnlessAborted(retryDelayMs(attempt), closing.signal);
      }
    }
    problem = null;
    return { nc: connection, js: jetstream(connection, { timeout }), jsm };
  }

  const handles = setUp();
  // Nobody may be waiting yet: a failure is seen by whoever calls ready().
  handles.catch(() => {});
  return {
    url,
    ready: () => handles,
    async ensureStream() {
      await ensureEventsStream((await handles).jsm);
    },
    problem: () => (closing.signal.aborted ? 'closed' : problem),
    async close() {
      closing.abort();
      const connection = nc;
      if (!connection || connection.isClosed()) return;
      // Draining needs the server; without it, closing is all there is to do.
      if (problem === null) await connection.drain().catch(() => connection.close());
      else await connection.close();
    },
  };
}

/** Either a shared connection, or a URL to open one owned (and closed) by the relay or consumer. */
export type NatsTarget = { connection: NatsEventsConnection } | { natsUrl: string };

/** The connection a relay or consumer uses, and whether it must close it when it stops. */
export function connectionFor(
  target: NatsTarget,
  name: string,
  log: FastifyBaseLogger,
): { connection: NatsEventsConnection; owned: boolean } {
  if ('connection' in target) return { connection: target.connection, owned: false };
  return { connection: openNatsConnection({ url: target.natsUrl, name, log }), owned: true };
}
