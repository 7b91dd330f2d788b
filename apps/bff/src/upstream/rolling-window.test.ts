import { describe, expect, it } from 'vitest';
import { RollingWindow } from './rolling-window.js';

describe('RollingWindow', () => {
  it('is empty at first', () => {
    const window = new RollingWindow({ now: () => 0 });
    expect(window.snapshot()).toEqual({
      seconds: 30,
      requests: 0,
      ratePerSec: 0,
      errorPercent: 0,
      p50Ms: 0,
      p95Ms: 0,
      p99Ms: 0,
    });
  });

  it('computes rate, error share and percentiles from the recorded requests', () => {
    let now = 1_000_000;
    const window = new RollingWindow({ now: () => now });
    // 100 requests over 10 seconds: latencies 1..100 ms, every 20th one failed.
    for (let i = 1; i <= 100; i++) {
      now = 1_000_000 + Math.floor((i - 1) / 10) * 1000;
      window.record(i % 20 === 0, i);
    }
    const snapshot = window.snapshot();
    expect(snapshot).toMatchObject({ seconds: 30, requests: 100, ratePerSec: 3.33, errorPercent: 5 });
    // Upper bounds of the histogram buckets holding the 50th, 95th and 99th latencies.
    expect(snapshot.p50Ms).toBe(50);
    expect(snapshot.p95Ms).toBe(100);
    expect(snapshot.p99Ms).toBe(100);
  });

  it('clips a percentile to the slowest latency in the window', () => {
    const window = new RollingWindow({ now: () => 5000 });
    window.record(false, 7);
    expect(window.snapshot()).toMatchObject({ p50Ms: 7, p95Ms: 7, p99Ms: 7 });
    window.record(false, 120_000);
    expect(window.snapshot().p99Ms).toBe(120_000);
  });

  it('forgets requests older than the window and reuses their slots', () => {
    let now = 0;
    const window = new RollingWindow({ seconds: 30, now: () => now });
    window.record(true, 10);
    now = 29_999;
    window.record(false, 20);
    expect(window.snapshot()).toMatchObject({ requests: 2, errorPercent: 50 });
    now = 30_000; // second 0 has left the window
    expect(window.snapshot()).toMatchObject({ requests: 1, errorPercent: 0, p50Ms: 20 });
    window.record(false, 3); // lands in second 0's slot
    expect(window.snapshot()).toMatchObject({ requests: 2, errorPercent: 0, p50Ms: 3, p99Ms: 20 });
    now = 120_000;
    expect(window.snapshot().requests).toBe(0);
  });

  it('ignores recorded times in the future of the snapshot and bad latencies', () => {
    let now = 10_000;
    const window = new RollingWindow({ now: () => now });
    window.record(false, Number.NaN);
    window.record(false, -5);
    expect(window.snapshot()).toMatchObject({ requests: 2, p99Ms: 0 });
    now = 50_000;
    window.record(false, 1);
    expect(window.snapshot(10_000).requests).toBe(2);
  });
});
