// The environment every service reads the same way for its domain events (README, "Domain events and the
// choreographed checkout"), so the three servers cannot drift apart.
import { readInteger, readText } from '../env.js';
import { OUTBOX_RETENTION_MS } from '../sqlite/outbox.js';

/** What a service's `build` takes for its events, read from the environment. */
export interface EventSettings {
  /** `NATS_URL`: NATS JetStream instead of the pull feeds. */
  natsUrl: string | undefined;
  /** `OUTBOX_RETENTION_MS` (1 minute to a year; default a week). */
  outboxRetentionMs: number;
  /** `EVENTS_POLL_MS` (10 ms to 1 minute; default 250). */
  eventsPollMs: number;
}

export function readEventSettings(env: NodeJS.ProcessEnv = process.env): EventSettings {
  return {
    natsUrl: readText('NATS_URL', '', env) || undefined,
    outboxRetentionMs: readInteger(
      'OUTBOX_RETENTION_MS',
      OUTBOX_RETENTION_MS,
      { min: 60_000, max: 366 * 86_400_000 },
      env,
    ),
    eventsPollMs: readInteger('EVENTS_POLL_MS', 250, { min: 10, max: 60_000 }, env),
  };
}

/** The URL of another service's event feed: `<NAME>_EVENTS_URL`, else that service on its default port. */
export function readFeedUrl(name: string, defaultPort: number, env: NodeJS.ProcessEnv = process.env): string {
  return readText(`${name}_EVENTS_URL`, `http://127.0.0.1:${defaultPort}`, env);
}
