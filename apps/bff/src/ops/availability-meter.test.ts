import { describe, expect, it } from 'vitest';
import type { CallKind, UpstreamEvent } from '../upstream/types.js';
import {
  AvailabilityMeter,
  type AvailabilitySource,
  mergeAvailability,
  pageReadOutcome,
} from './availability-meter.js';

/** An upstream whose call events the test emits. */
class FakeSource implements AvailabilitySource {
  private readonly listeners = new Set<(event: UpstreamEvent) => void>();
  constructor(readonly name: string) {}
  onEvent(listener: (event: UpstreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  calls(kind: CallKind, times: number): void {
    for (let i = 0; i < times; i++) for (const listener of this.listeners) listener({ type: 'call', kind });
  }
  get listening(): number {
    return this.listeners.size;
  }
}

function setUp(replica = 'bff-1') {
  const clock = { now: 1_000_000 };
  const sources = {
    catalog: new FakeSource('catalog'),
    cart: new FakeSource('cart'),
    account: new FakeSource('account'),
  };
  const meter = new AvailabilityMeter({
    replica,
    upstreams: Object.values(sources),
    seconds: 300,
    now: () => clock.now,
  });
  return { clock, sources, meter };
}

describe('AvailabilityMeter', () => {
  it('says null, not 100 %, before anything was counted', () => {
    const { meter } = setUp();
    expect(meter.snapshot()).toEqual({
      windowSeconds: 300,
      replicas: ['bff-1'],
      upstreams: [
        { name: 'catalog', calls: 0, successful: 0, availability: null },
        { name: 'cart', calls: 0, successful: 0, availability: null },
        { name: 'account', calls: 0, successful: 0, availability: null },
      ],
      pageUpstreams: ['catalog', 'cart', 'account'],
      naivePage: null,
      shopperSeen: null,
      liveOnly: null,
      pageReads: { total: 0, live: 0, saved: 0 },
    });
  });

  it('divides live answers by every call asked of the upstream, and multiplies the three for a page', () => {
    const { sources, meter } = setUp();
    // catalog: 6 live of 10 asked (failed, timeout, not permitted, bulkhead rejection all count as asked).
    sources.catalog.calls('successful', 6);
    sources.catalog.calls('failed', 1);
    sources.catalog.calls('timeout', 1);
    sources.catalog.calls('not_permitted', 1);
    sources.catalog.calls('rejected', 1);
    // A fallback follows a failure already counted: it is not a second call.
    sources.catalog.calls('fallback', 3);
    sources.cart.calls('successful', 9);
    sources.cart.calls('failed', 1);
    sources.account.calls('successful', 5);

    const figures = meter.snapshot();
    expect(figures.upstreams).toEqual([
      { name: 'catalog', calls: 10, successful: 6, availability: 0.6 },
      { name: 'cart', calls: 10, successful: 9, availability: 0.9 },
      { name: 'account', calls: 5, successful: 5, availability: 1 },
    ]);
    expect(figures.naivePage).toBeCloseTo(0.54, 10);
  });

  it('has no naive page figure while one of the three was never asked', () => {
    const { sources, meter } = setUp();
    sources.catalog.calls('successful', 4);
    sources.cart.calls('successful', 4);
    expect(meter.snapshot().naivePage).toBeNull();
  });

  it('counts page reads answered live or from a saved copy apart from those that failed', () => {
    const { meter } = setUp();
    for (let i = 0; i < 6; i++) meter.recordPageRead('live');
    for (let i = 0; i < 3; i++) meter.recordPageRead('saved');
    meter.recordPageRead('failed');
    const figures = meter.snapshot();
    expect(figures.pageReads).toEqual({ total: 10, live: 6, saved: 3 });
    expect(figures.shopperSeen).toBeCloseTo(0.9, 10);
    expect(figures.liveOnly).toBeCloseTo(0.6, 10);
  });

  it('forgets what is older than the window', () => {
    const { clock, sources, meter } = setUp();
    sources.catalog.calls('failed', 5);
    meter.recordPageRead('failed');
    clock.now += 200_000;
    sources.catalog.calls('successful', 5);
    meter.recordPageRead('live');
    expect(meter.snapshot().upstreams[0]?.availability).toBe(0.5);
    // 300 s after the failures: only the later successes remain.
    clock.now += 100_000;
    expect(meter.snapshot().upstreams[0]).toEqual({
      name: 'catalog',
      calls: 5,
      successful: 5,
      availability: 1,
    });
    expect(meter.snapshot().pageReads).toEqual({ total: 1, live: 1, saved: 0 });
  });

  it('stops listening when closed', () => {
    const { sources, meter } = setUp();
    expect(sources.catalog.listening).toBe(1);
    meter.close();
    expect(sources.catalog.listening).toBe(0);
  });
});

describe('pageReadOutcome', () => {
  it('is live or saved for 2xx, failed for 5xx and 429, and not counted for the shopper’s own 4xx', () => {
    expect(pageReadOutcome(200, false)).toBe('live');
    expect(pageReadOutcome(200, true)).toBe('saved');
    expect(pageReadOutcome(503, false)).toBe('failed');
    expect(pageReadOutcome(500, false)).toBe('failed');
    expect(pageReadOutcome(429, false)).toBe('failed');
    expect(pageReadOutcome(404, false)).toBeNull();
    expect(pageReadOutcome(401, false)).toBeNull();
  });
});

describe('mergeAvailability', () => {
  it('sums the replicas’ counts before dividing (a quiet replica does not weigh like a busy one)', () => {
    const one = setUp('bff-1');
    const two = setUp('bff-2');
    one.sources.catalog.calls('successful', 99);
    one.sources.catalog.calls('failed', 1);
    two.sources.catalog.calls('failed', 1);
    for (const { sources } of [one, two]) {
      sources.cart.calls('successful', 1);
      sources.account.calls('successful', 1);
    }
    one.meter.recordPageRead('live');
    two.meter.recordPageRead('saved');

    const merged = mergeAvailability([one.meter.snapshot(), two.meter.snapshot()]);
    expect(merged?.replicas).toEqual(['bff-1', 'bff-2']);
    // 99 of 101, not the mean of 99 % and 0 %.
    expect(merged?.upstreams[0]).toEqual({
      name: 'catalog',
      calls: 101,
      successful: 99,
      availability: 99 / 101,
    });
    expect(merged?.naivePage).toBeCloseTo(99 / 101, 10);
    expect(merged?.pageReads).toEqual({ total: 2, live: 1, saved: 1 });
    expect(merged?.shopperSeen).toBe(1);
    expect(merged?.liveOnly).toBe(0.5);
  });

  it('is null with nothing to merge', () => {
    expect(mergeAvailability([])).toBeNull();
  });
});
