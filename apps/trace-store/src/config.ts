import { readInteger, readPort, readText } from '@storefront/service-kit';
import { DEFAULT_LIMITS, type TraceStoreLimits } from './trace-store.js';

/** The trace store's settings from its environment; a bad value stops the start naming the variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): {
  port: number;
  logLevel: string;
  limits: TraceStoreLimits;
} {
  return {
    port: readPort('TRACE_STORE_PORT', 5318, env),
    logLevel: readText('LOG_LEVEL', 'info', env),
    limits: {
      maxTraces: readInteger(
        'TRACE_STORE_MAX_TRACES',
        DEFAULT_LIMITS.maxTraces,
        { min: 1, max: 100_000 },
        env,
      ),
      maxSpansPerTrace: DEFAULT_LIMITS.maxSpansPerTrace,
      maxSpans: readInteger(
        'TRACE_STORE_MAX_SPANS',
        DEFAULT_LIMITS.maxSpans,
        { min: 1, max: 10_000_000 },
        env,
      ),
      maxAgeMs: readInteger(
        'TRACE_STORE_MAX_AGE_MS',
        DEFAULT_LIMITS.maxAgeMs,
        { min: 1000, max: 24 * 3_600_000 },
        env,
      ),
    },
  };
}
