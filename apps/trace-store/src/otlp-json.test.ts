import { describe, expect, it } from 'vitest';
import { OtlpFormatError, parseOtlpTraces, readId, readNanos, SPAN_LIMITS } from './otlp-json.js';

const TRACE_HEX = '0af7651916cd43dd8448eb211c80319c';
const SPAN_HEX = 'b7ad6b7169203331';
const PARENT_HEX = '00f067aa0ba902b7';

function b64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

function request(spans: unknown[], service: unknown = 'bff-1') {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [{ scope: { name: 'test' }, spans }],
      },
    ],
  };
}

function goodSpan(over: Record<string, unknown> = {}) {
  return {
    traceId: TRACE_HEX,
    spanId: SPAN_HEX,
    parentSpanId: PARENT_HEX,
    name: 'GET /api/cart',
    kind: 2,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000012345678',
    attributes: [],
    events: [],
    status: { code: 0 },
    ...over,
  };
}

describe('readId and readNanos', () => {
  it('reads hex (any case) and base64 ids as lower-case hex', () => {
    expect(readId(TRACE_HEX.toUpperCase(), 16, 'traceId')).toBe(TRACE_HEX);
    expect(readId(b64(TRACE_HEX), 16, 'traceId')).toBe(TRACE_HEX);
    expect(readId(b64(SPAN_HEX), 8, 'spanId')).toBe(SPAN_HEX);
  });

  it('refuses ids of the wrong size, not hex nor base64, or all zeros', () => {
    for (const bad of [
      '',
      'abc',
      `${TRACE_HEX}00`,
      'g'.repeat(32),
      '0'.repeat(32),
      b64('0'.repeat(32)),
      42,
    ]) {
      expect(() => readId(bad, 16, 'traceId')).toThrow(/traceId/);
    }
  });

  it('reads nanoseconds as a decimal string or a number, microseconds kept', () => {
    expect(readNanos('1700000000012345678', 't')).toBe(1_700_000_000_012.345);
    expect(readNanos(1_700_000_000_012_345_000, 't')).toBeCloseTo(1_700_000_000_012.345, 2);
    for (const bad of ['-1', '1.5', 'soon', -1, Number.NaN, null, undefined, '1'.repeat(21)]) {
      expect(() => readNanos(bad, 't')).toThrow(/t is not/);
    }
  });
});

describe('parseOtlpTraces', () => {
  it('maps a span to the contract: service, kind, status, times, attributes flattened, events', () => {
    const parsed = parseOtlpTraces(
      request([
        goodSpan({
          kind: 'SPAN_KIND_CLIENT',
          status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
          attributes: [
            { key: 's', value: { stringValue: 'text' } },
            { key: 'i', value: { intValue: '42' } },
            { key: 'big', value: { intValue: '9007199254740993' } },
            { key: 'd', value: { doubleValue: 1.5 } },
            { key: 'b', value: { boolValue: false } },
            { key: 'list', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: 2 }] } } },
            { key: 'map', value: { kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }] } } },
            { key: 'empty', value: {} },
          ],
          events: [
            {
              name: 'retry',
              timeUnixNano: 1_700_000_000_005_000_000,
              attributes: [{ key: 'attempt', value: { intValue: 2 } }],
            },
          ],
        }),
      ]),
    );
    expect(parsed.rejected).toBe(0);
    expect(parsed.spans).toEqual([
      {
        traceId: TRACE_HEX,
        spanId: SPAN_HEX,
        parentSpanId: PARENT_HEX,
        name: 'GET /api/cart',
        service: 'bff-1',
        kind: 'client',
        startMs: 1_700_000_000_000,
        durationMs: expect.closeTo(12.345, 3),
        status: 'error',
        statusMessage: 'boom',
        attributes: {
          s: 'text',
          i: 42,
          big: '9007199254740993',
          d: 1.5,
          b: false,
          list: 'a, 2',
          map: '{"k":"v"}',
        },
        events: [{ name: 'retry', atMs: 1_700_000_000_005, attributes: { attempt: 2 } }],
      },
    ]);
  });

  it('reads numeric enums (0 = unspecified kind, read as internal), an empty parent as a root', () => {
    const kinds = [0, 1, 2, 3, 4, 5].map((kind, i) =>
      goodSpan({ kind, parentSpanId: '', spanId: `${i + 1}`.padStart(16, '0'), status: { code: 1 } }),
    );
    const { spans } = parseOtlpTraces(request(kinds));
    expect(spans.map((s) => s.kind)).toEqual([
      'internal',
      'internal',
      'server',
      'client',
      'producer',
      'consumer',
    ]);
    expect(spans.every((s) => s.parentSpanId === undefined && s.status === 'ok')).toBe(true);
  });

  it('names the service unknown_service when the resource has none', () => {
    const body = { resourceSpans: [{ scopeSpans: [{ spans: [goodSpan()] }] }] };
    expect(parseOtlpTraces(body).spans[0]?.service).toBe('unknown_service');
  });

  it('skips malformed spans, counts them and says why, keeping the good ones', () => {
    const parsed = parseOtlpTraces(
      request([
        goodSpan(),
        'not a span',
        goodSpan({ traceId: 'nope' }),
        goodSpan({ spanId: undefined }),
        goodSpan({ parentSpanId: 'xyz' }),
        goodSpan({ name: 7 }),
        goodSpan({ startTimeUnixNano: 'yesterday' }),
        goodSpan({ endTimeUnixNano: '1' }),
        goodSpan({ kind: 9 }),
        goodSpan({ status: { code: 'STATUS_CODE_MAYBE' } }),
        goodSpan({ attributes: [{ value: { stringValue: 'no key' } }] }),
        goodSpan({ attributes: 'not a list' }),
        goodSpan({ events: [{ name: 'no time' }] }),
      ]),
    );
    expect(parsed.spans).toHaveLength(1);
    expect(parsed.rejected).toBe(12);
    expect(parsed.reasons.length).toBeGreaterThan(0);
    expect(parsed.reasons.length).toBeLessThanOrEqual(5);
    expect(parsed.reasons[0]).toBe('a span is not an object');
  });

  it('skips resource and scope entries that are not objects', () => {
    const parsed = parseOtlpTraces({ resourceSpans: [null, { scopeSpans: [7, { spans: 'x' }] }] });
    expect(parsed).toMatchObject({ spans: [], rejected: 3 });
  });

  it('caps attributes, events and string lengths', () => {
    const many = Array.from({ length: SPAN_LIMITS.attributes + 10 }, (_, i) => ({
      key: `k${i}`,
      value: { stringValue: 'x'.repeat(SPAN_LIMITS.stringLength + 100) },
    }));
    const events = Array.from({ length: SPAN_LIMITS.events + 10 }, () => ({
      name: 'e',
      timeUnixNano: '1700000000001000000',
    }));
    const [span] = parseOtlpTraces(request([goodSpan({ attributes: many, events })])).spans;
    expect(Object.keys(span?.attributes ?? {})).toHaveLength(SPAN_LIMITS.attributes);
    expect(String(span?.attributes.k0).length).toBe(SPAN_LIMITS.stringLength + 1);
    expect(span?.events).toHaveLength(SPAN_LIMITS.events);
  });

  it('takes an empty request, and refuses a body that is not an export request at all', () => {
    expect(parseOtlpTraces({})).toEqual({ spans: [], rejected: 0, reasons: [] });
    for (const bad of [null, [], 'text', 3, { resourceSpans: {} }]) {
      expect(() => parseOtlpTraces(bad)).toThrow(OtlpFormatError);
    }
  });
});
