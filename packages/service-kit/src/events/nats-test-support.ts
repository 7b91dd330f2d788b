// What the NATS transport's tests share (not exported from the kit): a captured log, a real in-memory SQLite with
// the consumer tables, events to publish, and a way to read back what the stream holds.
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { vi } from 'vitest';
import type { DomainEvent } from '../sqlite/outbox.js';
import { createOutbox } from '../sqlite/outbox.js';
import { createConsumerTables } from './apply-event.js';
import { EVENTS_STREAM, type NatsHandles } from './nats-connection.js';

/** vi.waitFor with room for a loaded machine (the whole suite runs at once): 5 s unless told. */
export function eventually<T>(check: () => T | Promise<T>, options: { timeout?: number } = {}): Promise<T> {
  return vi.waitFor(check, { interval: 20, timeout: 5000, ...options });
}

export interface LogLine {
  level: number;
  msg: string;
}

/** A real pino logger whose lines are kept, to count warnings. */
export function capturedLog(): { log: FastifyBaseLogger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const app = Fastify({
    logger: { level: 'info', stream: { write: (line: string) => lines.push(JSON.parse(line) as LogLine) } },
  });
  return { log: app.log, lines };
}

/** A database with an outbox and the consumer tables. */
export function eventDatabase(): Database.Database {
  const sqlite = new Database(':memory:');
  createOutbox(sqlite);
  createConsumerTables(sqlite);
  return sqlite;
}

let position = 0;

/** An event as a relay would publish it. */
export function testEvent(type: string, occurredAt = new Date()): DomainEvent {
  position += 1;
  return {
    id: randomUUID(),
    type,
    version: 1,
    occurredAt: occurredAt.toISOString(),
    correlationId: `flow-${position}`,
    causationId: null,
    data: { n: position },
    position,
  };
}

/** Every message the stream holds for `subjectPrefix`, oldest first, as subject, msg id and event. */
export async function streamMessages(
  { jsm }: NatsHandles,
  subjectPrefix: string,
): Promise<{ subject: string; msgId: string | undefined; event: DomainEvent }[]> {
  const info = await jsm.streams.info(EVENTS_STREAM);
  const found = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && seq > 0; seq++) {
    const stored = await jsm.streams.getMessage(EVENTS_STREAM, { seq });
    if (!stored?.subject.startsWith(subjectPrefix)) continue;
    found.push({
      subject: stored.subject,
      msgId: stored.header.get('Nats-Msg-Id') || undefined,
      event: stored.json<DomainEvent>(),
    });
  }
  return found;
}
