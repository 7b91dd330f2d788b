import { describe, expect, it } from 'vitest';
import { WindowedCounts } from './windowed-counts.js';

describe('WindowedCounts', () => {
  it('starts at zero for every key', () => {
    const counts = new WindowedCounts(['ok', 'failed'] as const, { now: () => 0 });
    expect(counts.totals()).toEqual({ ok: 0, failed: 0 });
  });

  it('sums what was added within the window and forgets it a second at a time after', () => {
    let now = 1_000_000;
    const counts = new WindowedCounts(['ok', 'failed'] as const, { seconds: 10, now: () => now });
    counts.add('ok');
    counts.add('ok', 2);
    now += 4000;
    counts.add('failed');
    expect(counts.totals()).toEqual({ ok: 3, failed: 1 });
    // 9.999 s after the first adds: still inside the 10 s window.
    now = 1_000_000 + 9999;
    expect(counts.totals()).toEqual({ ok: 3, failed: 1 });
    // The first second left the window; the failure (4 s later) has not.
    now = 1_000_000 + 10_000;
    expect(counts.totals()).toEqual({ ok: 0, failed: 1 });
    now = 1_000_000 + 14_000;
    expect(counts.totals()).toEqual({ ok: 0, failed: 0 });
  });

  it('reuses a slot whose second left the window instead of adding to it', () => {
    let now = 5_000;
    const counts = new WindowedCounts(['ok'] as const, { seconds: 3, now: () => now });
    counts.add('ok', 5);
    // Same slot (5 % 3 === 8 % 3), three seconds later: the old count must not come back.
    now = 8_000;
    counts.add('ok');
    expect(counts.totals()).toEqual({ ok: 1 });
  });

  it('ignores slots from the future (a clock that stepped back)', () => {
    let now = 100_000;
    const counts = new WindowedCounts(['ok'] as const, { seconds: 60, now: () => now });
    counts.add('ok');
    now = 90_000;
    expect(counts.totals()).toEqual({ ok: 0 });
  });

  it('refuses a window under one second', () => {
    expect(() => new WindowedCounts(['ok'] as const, { seconds: 0 })).toThrow('seconds must be ≥ 1');
  });
});
