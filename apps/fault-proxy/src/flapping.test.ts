import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FlapPhase, startFlapping } from './flapping.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('startFlapping', () => {
  it('starts down and alternates down (downMs) and up (upMs)', () => {
    const seen: FlapPhase[] = [];
    const flap = startFlapping({ upMs: 300, downMs: 100, onPhase: (phase) => seen.push(phase) });
    expect(flap.phase).toBe('down');
    vi.advanceTimersByTime(99);
    expect(flap.phase).toBe('down');
    vi.advanceTimersByTime(1);
    expect(flap.phase).toBe('up');
    vi.advanceTimersByTime(299);
    expect(flap.phase).toBe('up');
    vi.advanceTimersByTime(1);
    expect(flap.phase).toBe('down');
    vi.advanceTimersByTime(400 * 3);
    expect(seen).toEqual(['up', 'down', 'up', 'down', 'up', 'down', 'up', 'down']);
    flap.stop();
  });

  it('stops switching after stop()', () => {
    const onPhase = vi.fn();
    const flap = startFlapping({ upMs: 100, downMs: 100, onPhase });
    flap.stop();
    flap.stop();
    vi.advanceTimersByTime(10_000);
    expect(onPhase).not.toHaveBeenCalled();
    expect(flap.phase).toBe('down');
    expect(vi.getTimerCount()).toBe(0);
  });
});
