// The embedded transport's consumer (issue 13): pulls `GET /events?after=<position>` from the publisher, hands
// each event to applyEvent with its position, and keeps going after a failure (the event is retried with backoff,
// in order: nothing after it is handled first). A consumer that was down resumes from its saved position.
import http from 'node:http';
import type Database from 'better-sqlite3';
import type { FastifyBaseLogger } from 'fastify';
import type { ServiceCredential } from '../service-credential.js';
import type { DomainEvent, FeedPage } from '../sqlite/outbox.js';
import { applyEvent, consumerPosition } from './apply-event.js';
import { ConsumerTracker, retryDelayMs } from './consumer-tracker.js';
import { sleepUnlessAborted } from './sleep.js';
import type { EventSubscription, RunningConsumer } from './types.js';

export interface FeedConsumerOptions {
  sqlite: Database.Database;
  subscription: EventSubscription;
  /** The publisher's base URL, e.g. `http://127.0.0.1:4003`. */
  url: string;
  /** Signs each read (the publisher trusts only holders of `SERVICE_SECRET`); null when it needs no credential. */
  credential: ServiceCredential | null;
  log: FastifyBaseLogger;
  /** Pause between reads when caught up (default 250 ms). */
  pollMs?: number;
  /** Events per read (default 100). */
  pageSize?: number;
  /** Per-read timeout (default 5 s). */
  timeoutMs?: number;
}

function isFeedPage(value: unknown): value is FeedPage {
  if (typeof value !== 'object' || value === null) return false;
  const page = value as Partial<FeedPage>;
  return Array.isArray(page.events) && Number.isInteger(page.next);
}

/** Starts pulling; `stop()` ends the loop after the event in hand. */
export function startFeedConsumer(options: FeedConsumerOptions): RunningConsumer {
  const { sqlite, subscription, url, credential, log } = options;
  const pollMs = options.pollMs ?? 250;
  const pageSize = options.pageSize ?? 100;
  const timeoutMs = options.timeoutMs ?? 5000;
  const tracker = new ConsumerTracker(
    subscription.consumer,
    subscription.source,
    'feed',
    consumerPosition(sqlite, subscription.consumer),
  );
  const stopping = new AbortController();
  let transportFailures = 0;

  async function readPage(after: number): Promise<FeedPage> {
    const target = `/events?after=${after}&limit=${pageSize}`;
    const headers = credential ? credential.sign('GET', target, {}) : {};
    const signal = AbortSignal.any([stopping.signal, AbortSignal.timeout(timeoutMs)]);
    const { status, body } = await getJson(new URL(target, url), headers, signal);
    if (status !== 200) throw new Error(`${subscription.source} answered ${status} to ${target}`);
    if (!isFeedPage(body)) throw new Error(`${subscription.source} answered a malformed event page`);
    return body;
  }

  /** Applies a page in order; the wait before the next read (0: read again now). */
  function applyPage(page: FeedPage): number {
    const { events } = page;
    for (const [index, event] of events.entries()) {
      if (stopping.signal.aborted) return 0;
      try {
        const applied = applyEvent(sqlite, subscription, event as DomainEvent, { position: event.position });
        tracker.done(event, event.position, applied !== 'passed-over');
        tracker.oldestPendingAt = events[index + 1]?.occurredAt ?? null;
      } catch (error) {
        const delay = tracker.failed(event, error);
        log.warn(
          { err: error, consumer: subscription.consumer, eventId: event.id, type: event.type },
          'event handler failed; retrying',
        );
        return delay;
      }
    }
    return events.length === pageSize ? 0 : pollMs;
  }

  async function loop(): Promise<void> {
    while (!stopping.signal.aborted) {
      let wait = pollMs;
      try {
        const page = await readPage(tracker.position);
        if (transportFailures > 0)
          log.info({ consumer: subscription.consumer }, 'event feed reachable again');
        transportFailures = 0;
        tracker.contact();
        tracker.head = page.head ?? null;
        tracker.oldestPendingAt = page.events[0]?.occurredAt ?? null;
        wait = applyPage(page);
      } catch (error) {
        if (stopping.signal.aborted) break;
        transportFailures += 1;
        tracker.transportFailed(error);
        // Logged once per outage, not once per poll.
        if (transportFailures === 1) {
          log.warn({ err: error, consumer: subscription.consumer, source: url }, 'event feed unreachable');
        }
        wait = retryDelayMs(transportFailures);
      }
      if (wait > 0) await sleepUnlessAborted(wait, stopping.signal);
    }
  }

  const done = loop().catch((error: unknown) => log.error({ err: error }, 'event consumer stopped'));
  return {
    status: () => tracker.status(),
    async stop() {
      tracker.running = false;
      stopping.abort();
      await done;
    },
  };
}

/**
 * One GET on a connection of its own, closed after the answer. A kept-alive connection polled every few hundred
 * milliseconds is never idle, and a publisher shutting down gracefully waits for its connections to go idle: it
 * would wait for the keep-alive timeout. A fresh loopback connection per read costs far less than that.
 */
function getJson(
  url: URL,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent: false, signal }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        try {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            body: text === '' ? null : (JSON.parse(text) as unknown),
          });
        } catch (error) {
          reject(error);
        }
      });
    });
    request.on('error', reject);
  });
}
