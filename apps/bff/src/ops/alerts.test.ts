import type { BreakerState, OpsNotification } from '@storefront/contract';
import { describe, expect, it } from 'vitest';
import type { UpstreamEvent } from '../upstream/types.js';
import { AlertEvaluator, type AlertSource } from './alerts.js';

/** An upstream that emits what the test says, and a clock the test moves. */
function setup() {
  let now = Date.parse('2026-11-30T12:00:00.000Z');
  const listeners = new Set<(event: UpstreamEvent) => void>();
  const source: AlertSource = {
    name: 'catalog',
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const changes: Array<[string, OpsNotification]> = [];
  const alerts = new AlertEvaluator({
    replica: 'bff-1',
    clock: () => now,
    keepCleared: 3,
    onChange: (status, notification) => changes.push([status, notification]),
  });
  alerts.watch([source]);
  const emit = (event: UpstreamEvent) => {
    for (const listener of listeners) listener(event);
  };
  return {
    alerts,
    changes,
    listeners,
    advance(ms: number) {
      now += ms;
    },
    transition(from: BreakerState, to: BreakerState) {
      emit({
        type: 'transition',
        transition: { from, to, at: new Date(now).toISOString(), reason: 'because' },
      });
    },
    /** `times` calls, then the evaluation the ops stream runs every second. */
    call(kind: 'successful' | 'failed' | 'timeout' | 'not_permitted', times = 1) {
      for (let i = 0; i < times; i++) emit({ type: 'call', kind });
      alerts.evaluate();
    },
    conditions: () => alerts.list().active.map((n) => n.condition),
  };
}

describe('AlertEvaluator', () => {
  it('raises "breaker open" at the transition, keeps it through half-open, clears it when the breaker closes', () => {
    const t = setup();
    t.transition('closed', 'open');
    const [raised] = t.alerts.list().active;
    expect(raised).toEqual({
      id: 'breaker-open/bff-1/catalog/2026-11-30T12:00:00.000Z',
      condition: 'breaker-open',
      upstream: 'catalog',
      replica: 'bff-1',
      severity: 'critical',
      since: '2026-11-30T12:00:00.000Z',
      clearedAt: null,
      message: expect.stringMatching(/catalog opened on bff-1 \(because\).*30 s/),
    });
    t.advance(5000);
    t.transition('open', 'half-open');
    t.transition('half-open', 'open');
    expect(t.conditions()).toEqual(['breaker-open']);
    t.advance(5000);
    t.transition('open', 'half-open');
    t.transition('half-open', 'closed');
    expect(t.conditions()).toEqual([]);
    expect(t.alerts.list().cleared).toEqual([{ ...raised, clearedAt: '2026-11-30T12:00:10.000Z' }]);
    expect(t.changes.map(([status, n]) => [status, n.condition])).toEqual([
      ['firing', 'breaker-open'],
      ['resolved', 'breaker-open'],
    ]);
  });

  it('raises "flapping" at the 7th opening or closing in 10 minutes and clears it when they age out', () => {
    const t = setup();
    for (let i = 0; i < 3; i++) {
      t.transition('closed', 'open');
      t.transition('open', 'half-open'); // not counted: neither from nor to closed
      t.transition('half-open', 'closed');
      t.advance(60_000);
    }
    expect(t.conditions()).not.toContain('breaker-flapping');
    t.transition('closed', 'open');
    const flapping = t.alerts.list().active.find((n) => n.condition === 'breaker-flapping');
    expect(flapping).toMatchObject({
      severity: 'warning',
      message: expect.stringContaining('7 times in 10 minutes'),
    });
    t.advance(10 * 60_000);
    t.alerts.evaluate();
    expect(t.conditions()).not.toContain('breaker-flapping');
  });

  it('raises "error rate high" above 20 % at ≥ 0.1 attempts/s over 2 minutes, not for an idle upstream', () => {
    const t = setup();
    // 11 attempts in 2 minutes: below 0.1/s, however many fail.
    t.call('successful', 8);
    t.call('failed', 3);
    expect(t.conditions()).not.toContain('error-rate-high');
    t.call('timeout'); // 12 attempts, 4 errors: 33 %
    const high = t.alerts.list().active.find((n) => n.condition === 'error-rate-high');
    expect(high?.message).toMatch(/^33 % of 12 attempts to catalog from bff-1 failed or timed out/);
    t.call('successful', 8); // 20 attempts, 4 errors: 20 %, not above
    expect(t.conditions()).not.toContain('error-rate-high');
  });

  it('raises "no successful calls" while calls fail or are refused with no success in 2 minutes', () => {
    const t = setup();
    t.call('successful');
    t.call('failed');
    expect(t.conditions()).not.toContain('no-successful-calls');
    t.advance(121_000);
    t.call('not_permitted');
    expect(t.alerts.list().active.find((n) => n.condition === 'no-successful-calls')).toMatchObject({
      severity: 'critical',
      message: expect.stringContaining('0 failed or timed out, 1 refused'),
    });
    t.call('successful');
    expect(t.conditions()).not.toContain('no-successful-calls');
  });

  it('keeps only the last cleared notifications, newest first, and unsubscribes on close', () => {
    const t = setup();
    for (let i = 0; i < 5; i++) {
      t.advance(1000);
      t.transition('closed', 'open');
      t.transition('open', 'closed');
    }
    const cleared = t.alerts.list().cleared.filter((n) => n.condition === 'breaker-open');
    expect(cleared.map((n) => n.since)).toEqual([
      '2026-11-30T12:00:05.000Z',
      '2026-11-30T12:00:04.000Z',
      '2026-11-30T12:00:03.000Z',
    ]);
    t.alerts.close();
    expect(t.listeners.size).toBe(0);
  });
});
