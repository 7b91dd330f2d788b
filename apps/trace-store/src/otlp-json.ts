// OTLP/HTTP JSON (an ExportTraceServiceRequest) read into the contract's TraceSpan. Both spec encodings are read:
// ids as hex (what @opentelemetry/otlp-transformer's JSON encoder sends, and the OTLP JSON spec) or base64 (plain
// proto3 JSON), times and 64-bit integers as decimal strings or numbers, enums as numbers or names. A span that
// cannot be read is skipped and counted, never thrown: one bad span must not lose the batch it came with.
import { SPAN_KINDS, SPAN_STATUSES, type TraceSpan, type TraceSpanEvent } from '@storefront/contract';

/** What one export request gave: the spans read, and those skipped with the first reasons why. */
export interface ParsedExport {
  spans: TraceSpan[];
  rejected: number;
  /** At most {@link MAX_REASONS} distinct reasons, for `partialSuccess.errorMessage`. */
  reasons: string[];
}

/** The request itself is not an OTLP export (not an object, `resourceSpans` not a list): a 400, not a skip. */
export class OtlpFormatError extends Error {
  override readonly name = 'OtlpFormatError';
}

/** A span's limits in the store: the SDK's own defaults (128), and strings cut so one span stays small. */
export const SPAN_LIMITS = Object.freeze({ attributes: 128, events: 128, stringLength: 2048 });
const MAX_REASONS = 5;
const SERVICE_NAME = 'service.name';
const UNKNOWN_SERVICE = 'unknown_service';

type Attributes = TraceSpan['attributes'];
type Scalar = string | number | boolean;

/** Thrown while reading one span; caught by the span loop. */
class SpanError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listOf(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new SpanError(`${what} is not a list`);
  return value;
}

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** A trace (16 bytes) or span (8 bytes) id, as lower-case hex; hex or base64 in; all zeros is invalid. */
export function readId(value: unknown, bytes: 8 | 16, what: string): string {
  if (typeof value !== 'string' || value === '') throw new SpanError(`${what} is missing`);
  let hex: string | undefined;
  if (value.length === bytes * 2 && HEX.test(value)) hex = value.toLowerCase();
  else if (BASE64.test(value)) {
    const decoded = Buffer.from(value, 'base64');
    if (decoded.length === bytes) hex = decoded.toString('hex');
  }
  if (hex === undefined) throw new SpanError(`${what} is not ${bytes} bytes of hex or base64`);
  if (/^0+$/.test(hex)) throw new SpanError(`${what} is all zeros`);
  return hex;
}

/** Unix nanoseconds (decimal string or number) as epoch milliseconds, microseconds kept. */
export function readNanos(value: unknown, what: string): number {
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) {
    const nanos = BigInt(value);
    return Number(nanos / 1000n) / 1000;
  }
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value / 1e6;
  throw new SpanError(`${what} is not a time in Unix nanoseconds`);
}

/** An enum as its number or its spec name (`SPAN_KIND_SERVER`, `STATUS_CODE_ERROR`). */
function readEnum(value: unknown, names: readonly string[], prefix: string, what: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < names.length)
    return value;
  if (typeof value === 'string') {
    const index = names.indexOf(value.startsWith(prefix) ? value.slice(prefix.length).toLowerCase() : '');
    if (index >= 0) return index;
  }
  throw new SpanError(`${what} is not a known value`);
}

// OTLP numbers kinds from 1 (0 is unspecified, read as internal) and statuses from 0 (unset).
const KIND_NAMES = ['unspecified', ...SPAN_KINDS];

function cut(text: string): string {
  return text.length > SPAN_LIMITS.stringLength ? `${text.slice(0, SPAN_LIMITS.stringLength)}…` : text;
}

/** An int64 as a number when it is one exactly, else as its decimal text. */
function readInt(value: unknown): Scalar | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  return undefined;
}

/** One AnyValue, flattened: arrays joined with ", ", maps as JSON, bytes as their base64; undefined if empty. */
function flatten(value: unknown, depth = 0): Scalar | undefined {
  if (!isRecord(value) || depth > 4) return undefined;
  if (typeof value.stringValue === 'string') return cut(value.stringValue);
  if (typeof value.boolValue === 'boolean') return value.boolValue;
  if ('intValue' in value) return readInt(value.intValue);
  if ('doubleValue' in value) {
    const double = value.doubleValue;
    // proto3 JSON writes NaN and the infinities as strings.
    return typeof double === 'number' ? double : typeof double === 'string' ? double : undefined;
  }
  if (typeof value.bytesValue === 'string') return cut(value.bytesValue);
  if (isRecord(value.arrayValue)) {
    const values = Array.isArray(value.arrayValue.values) ? value.arrayValue.values : [];
    const items = values.map((item) => flatten(item, depth + 1)).filter((item) => item !== undefined);
    return cut(items.join(', '));
  }
  if (isRecord(value.kvlistValue)) {
    const values = Array.isArray(value.kvlistValue.values) ? value.kvlistValue.values : [];
    return cut(JSON.stringify(readAttributes(values, depth + 1)));
  }
  return undefined;
}

function readAttributes(list: unknown, depth = 0): Attributes {
  const attributes: Attributes = {};
  let count = 0;
  for (const entry of listOf(list, 'attributes')) {
    if (count >= SPAN_LIMITS.attributes) break;
    if (!isRecord(entry) || typeof entry.key !== 'string') throw new SpanError('an attribute has no key');
    const value = flatten(entry.value, depth);
    if (value === undefined) continue;
    attributes[cut(entry.key)] = value;
    count += 1;
  }
  return attributes;
}

function readEvent(event: unknown): TraceSpanEvent {
  if (!isRecord(event)) throw new SpanError('an event is not an object');
  return {
    name: typeof event.name === 'string' ? cut(event.name) : '',
    atMs: readNanos(event.timeUnixNano, 'an event timeUnixNano'),
    attributes: readAttributes(event.attributes),
  };
}

/** One OTLP span of the process `service`. */
export function readSpan(span: unknown, service: string): TraceSpan {
  if (!isRecord(span)) throw new SpanError('a span is not an object');
  const traceId = readId(span.traceId, 16, 'traceId');
  const spanId = readId(span.spanId, 8, 'spanId');
  // An empty parent id means a root span (proto3 JSON may also omit it).
  const parentSpanId =
    span.parentSpanId === undefined || span.parentSpanId === null || span.parentSpanId === ''
      ? undefined
      : readId(span.parentSpanId, 8, 'parentSpanId');
  if (typeof span.name !== 'string') throw new SpanError('name is missing');
  const startMs = readNanos(span.startTimeUnixNano, 'startTimeUnixNano');
  const endMs = readNanos(span.endTimeUnixNano, 'endTimeUnixNano');
  if (startMs === 0) throw new SpanError('startTimeUnixNano is zero');
  if (endMs < startMs) throw new SpanError('endTimeUnixNano is before startTimeUnixNano');
  const kind = readEnum(span.kind, KIND_NAMES, 'SPAN_KIND_', 'kind');
  const status = isRecord(span.status) ? span.status : {};
  const code = readEnum(status.code, SPAN_STATUSES, 'STATUS_CODE_', 'status.code');
  const events = listOf(span.events, 'events').slice(0, SPAN_LIMITS.events).map(readEvent);
  return {
    traceId,
    spanId,
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
    name: cut(span.name),
    service,
    kind: SPAN_KINDS[Math.max(0, kind - 1)] ?? 'internal',
    startMs,
    durationMs: endMs - startMs,
    status: SPAN_STATUSES[code] ?? 'unset',
    ...(typeof status.message === 'string' && status.message !== ''
      ? { statusMessage: cut(status.message) }
      : {}),
    attributes: readAttributes(span.attributes),
    events,
  };
}

function serviceOf(resourceSpans: Record<string, unknown>): string {
  const resource = isRecord(resourceSpans.resource) ? resourceSpans.resource : {};
  try {
    const name = readAttributes(resource.attributes)[SERVICE_NAME];
    return typeof name === 'string' && name !== '' ? name : UNKNOWN_SERVICE;
  } catch {
    return UNKNOWN_SERVICE;
  }
}

/** Reads an export request; throws {@link OtlpFormatError} only when the body is not one at all. */
export function parseOtlpTraces(body: unknown): ParsedExport {
  if (!isRecord(body)) throw new OtlpFormatError('The body is not an OTLP ExportTraceServiceRequest object.');
  const resourceSpans = body.resourceSpans ?? [];
  if (!Array.isArray(resourceSpans)) throw new OtlpFormatError('resourceSpans is not a list.');
  const result: ParsedExport = { spans: [], rejected: 0, reasons: [] };
  const reject = (reason: string, count = 1): void => {
    result.rejected += count;
    if (result.reasons.length < MAX_REASONS && !result.reasons.includes(reason)) result.reasons.push(reason);
  };
  for (const resource of resourceSpans) {
    if (!isRecord(resource)) {
      reject('a resourceSpans entry is not an object');
      continue;
    }
    const service = serviceOf(resource);
    // `instrumentationLibrarySpans`: the name before OTLP 0.15, still sent by old SDKs.
    const scopes = resource.scopeSpans ?? resource.instrumentationLibrarySpans;
    for (const scope of Array.isArray(scopes) ? scopes : []) {
      const spans = isRecord(scope) && Array.isArray(scope.spans) ? scope.spans : [];
      if (!isRecord(scope) || (scope.spans !== undefined && !Array.isArray(scope.spans))) {
        reject('a scopeSpans entry is not an object with a spans list');
        continue;
      }
      for (const span of spans) {
        try {
          result.spans.push(readSpan(span, service));
        } catch (error) {
          if (!(error instanceof SpanError)) throw error;
          reject(error.message);
        }
      }
    }
  }
  return result;
}
