import { describe, expect, it } from 'vitest';
import { latencyDelayMs, shouldInjectError, validateFault } from './faults.js';

describe('validateFault', () => {
  it('fills in the defaults of every type', () => {
    expect(validateFault({ type: 'down' })).toEqual({
      ok: true,
      fault: { type: 'down', options: {}, durationMs: null },
    });
    expect(validateFault({ type: 'hang', options: {} })).toMatchObject({ ok: true, fault: { type: 'hang' } });
    expect(validateFault({ type: 'latency', options: { ms: 300 } })).toMatchObject({
      fault: { options: { ms: 300, jitterMs: 0 } },
    });
    expect(validateFault({ type: 'errors', options: { percent: 25 } })).toMatchObject({
      fault: { options: { percent: 25, status: 503 } },
    });
    expect(validateFault({ type: 'flapping' })).toMatchObject({
      fault: { options: { upMs: 5000, downMs: 5000 } },
    });
    expect(validateFault({ type: 'down', durationMs: 30_000 })).toMatchObject({
      fault: { durationMs: 30_000 },
    });
    expect(validateFault({ type: 'down', durationMs: null })).toMatchObject({ fault: { durationMs: null } });
  });

  it.each([
    [null, 'the body must be a JSON object'],
    [{ type: 'explode' }, 'type must be one of down, hang, latency, errors, flapping'],
    [{ type: 'down', extra: 1 }, 'unknown field "extra"'],
    [{ type: 'down', options: { ms: 1 } }, 'unknown option for down "ms"'],
    [{ type: 'latency' }, 'options.ms is required'],
    [{ type: 'latency', options: { ms: 60_001 } }, 'options.ms must be an integer from 0 to 60000'],
    [
      { type: 'latency', options: { ms: 10, jitterMs: -1 } },
      'options.jitterMs must be an integer from 0 to 60000',
    ],
    [{ type: 'latency', options: { ms: '10' } }, 'options.ms must be an integer'],
    [{ type: 'errors', options: { percent: 0 } }, 'options.percent must be a number from 1 to 100'],
    [
      { type: 'errors', options: { percent: 50, status: 404 } },
      'options.status must be an integer from 500 to 599',
    ],
    [{ type: 'flapping', options: { upMs: 99 } }, 'options.upMs must be an integer from 100 to 600000'],
    [
      { type: 'flapping', options: { downMs: 600_001 } },
      'options.downMs must be an integer from 100 to 600000',
    ],
    [{ type: 'down', durationMs: 999 }, 'durationMs must be an integer from 1000 to 3600000'],
    [{ type: 'down', durationMs: 3_600_001 }, 'durationMs must be an integer from 1000 to 3600000'],
    [{ type: 'down', options: [] }, 'options must be an object'],
  ])('rejects %j with a clear message', (input, message) => {
    const verdict = validateFault(input);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.message).toContain(message);
  });
});

describe('latencyDelayMs', () => {
  it('adds random(0..jitterMs) inclusive to ms', () => {
    expect(latencyDelayMs({ ms: 100, jitterMs: 0 }, () => 0.99)).toBe(100);
    expect(latencyDelayMs({ ms: 100, jitterMs: 50 }, () => 0)).toBe(100);
    expect(latencyDelayMs({ ms: 100, jitterMs: 50 }, () => 0.999_999)).toBe(150);
    expect(latencyDelayMs({ ms: 100, jitterMs: 9 }, () => 0.5)).toBe(105);
  });
});

describe('shouldInjectError', () => {
  it('injects when random * 100 is below percent', () => {
    expect(shouldInjectError({ percent: 50, status: 503 }, () => 0.4999)).toBe(true);
    expect(shouldInjectError({ percent: 50, status: 503 }, () => 0.5)).toBe(false);
    expect(shouldInjectError({ percent: 100, status: 503 }, () => 0.999_999)).toBe(true);
    expect(shouldInjectError({ percent: 1, status: 503 }, () => 0.01)).toBe(false);
  });
});
