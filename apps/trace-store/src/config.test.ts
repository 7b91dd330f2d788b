import { ConfigError } from '@storefront/service-kit';
import { describe, expect, it } from 'vitest';
import { readConfig } from './config.js';
import { DEFAULT_LIMITS } from './trace-store.js';

describe('readConfig', () => {
  it('defaults to port 5318 and the default bounds', () => {
    expect(readConfig({})).toEqual({ port: 5318, logLevel: 'info', limits: DEFAULT_LIMITS });
  });

  it('reads TRACE_STORE_PORT, TRACE_STORE_MAX_TRACES, TRACE_STORE_MAX_SPANS and TRACE_STORE_MAX_AGE_MS', () => {
    const config = readConfig({
      TRACE_STORE_PORT: '6000',
      TRACE_STORE_MAX_TRACES: '10',
      TRACE_STORE_MAX_SPANS: '500',
      TRACE_STORE_MAX_AGE_MS: '60000',
    });
    expect(config.port).toBe(6000);
    expect(config.limits).toEqual({ ...DEFAULT_LIMITS, maxTraces: 10, maxSpans: 500, maxAgeMs: 60_000 });
  });

  it.each([
    ['TRACE_STORE_MAX_TRACES', '0'],
    ['TRACE_STORE_MAX_TRACES', 'lots'],
    ['TRACE_STORE_MAX_AGE_MS', '10'],
    ['TRACE_STORE_MAX_SPANS', '1.5'],
    ['TRACE_STORE_PORT', '70000'],
  ])('stops the start on %s=%s, naming the variable', (name, value) => {
    expect(() => readConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => readConfig({ [name]: value })).toThrow(name);
  });
});
