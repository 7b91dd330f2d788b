// What a service's event consumers report (`GET /events/consumers`, service-kit's domain-events plugin) as the
// BFF reads it for the events view. Each client owns its path and calls this with its own upstream, so the read
// goes through that service's policy and is signed like any other call.
import { EVENT_SERVICES, EVENT_TRANSPORTS, type EventService, type OpsConsumer } from '@storefront/contract';
import type { Upstream } from '../upstream/upstream.js';
import { fieldsOf, invalidResponse, isInteger, isRecord, type JsonObject, jsonOf } from './service-answer.js';

/** An event the consumer handled, as far as the view needs it: which one, and when. */
export interface ConsumedEventRef {
  eventId: string;
  at: string;
}

/** One consumer as its service reports it, before the view names that service. */
export type ReportedConsumer = Omit<OpsConsumer, 'service'> & { recent: ConsumedEventRef[] };

/** The publisher a consumer names (`cart-service`, the services' own name for it) as the view names it (`cart`). */
function sourceOf(raw: unknown): EventService | undefined {
  if (typeof raw !== 'string') return undefined;
  const name = raw.endsWith('-service') ? raw.slice(0, -'-service'.length) : raw;
  return EVENT_SERVICES.find((service) => service === name);
}

function nullableInteger(service: string, raw: JsonObject, name: string): number | null {
  const value = raw[name];
  if (value === null) return null;
  // lagMs is an age computed from clocks: a negative one (a publisher's clock ahead) reads as caught up.
  if (isInteger(value)) return Math.max(0, value);
  throw invalidResponse(service, `consumer (${name})`);
}

function nullableString(service: string, raw: JsonObject, name: string): string | null {
  const value = raw[name];
  if (value === null || typeof value === 'string') return value;
  throw invalidResponse(service, `consumer (${name})`);
}

function listOf<T>(service: string, raw: unknown, what: string, check: (item: JsonObject) => T): T[] {
  if (!Array.isArray(raw)) throw invalidResponse(service, what);
  return raw.map((item) => {
    if (!isRecord(item)) throw invalidResponse(service, what);
    return check(item);
  });
}

function consumerOf(service: string): (raw: JsonObject) => ReportedConsumer {
  const fields = fieldsOf(service, 'consumer', {
    consumer: 'string',
    running: 'boolean',
    position: 'integer',
    handled: 'integer',
  });
  const failing = fieldsOf(service, 'failing event', {
    eventId: 'string',
    type: 'string',
    correlationId: 'string',
    attempts: 'integer',
    lastError: 'string',
    nextAttemptAt: 'string',
  });
  const recent = fieldsOf(service, 'consumed event', { eventId: 'string', at: 'string' });
  return (raw) => {
    const source = sourceOf(raw.source);
    if (source === undefined) throw invalidResponse(service, 'consumer (source)');
    const transport = EVENT_TRANSPORTS.find((kind) => kind === raw.transport);
    if (transport === undefined) throw invalidResponse(service, 'consumer (transport)');
    return {
      ...fields(raw),
      source,
      transport,
      head: nullableInteger(service, raw, 'head'),
      lag: nullableInteger(service, raw, 'lag'),
      lagMs: nullableInteger(service, raw, 'lagMs'),
      lastContactAt: nullableString(service, raw, 'lastContactAt'),
      transportError: nullableString(service, raw, 'transportError'),
      failing: listOf(service, raw.failing, 'consumer (failing)', failing),
      recent: listOf(service, raw.recent, 'consumer (recent)', recent),
    };
  };
}

const checkers = new Map<string, (raw: JsonObject) => ReportedConsumer>();

/** `GET /events/consumers` on `upstream`, always live (a saved copy would show a lag that is gone). */
export async function readConsumers(
  upstream: Upstream,
  service: string,
  requestId: string,
): Promise<ReportedConsumer[]> {
  const outcome = await upstream.request({ path: '/events/consumers', savedCopy: 'none', requestId });
  const { consumers } = jsonOf(service, outcome);
  let check = checkers.get(service);
  if (!check) {
    check = consumerOf(service);
    checkers.set(service, check);
  }
  return listOf(service, consumers, 'consumer list', check);
}
