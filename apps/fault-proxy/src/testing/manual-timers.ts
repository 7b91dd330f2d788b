import type { RunnerTimers } from '../scenario-runner.js';

/** Timers that only fire when the test advances them, in due-time order. */
export interface ManualTimers extends RunnerTimers {
  /** Moves the clock forward, firing every timer due by then. */
  advance(ms: number): void;
  /** The manual clock, in ms. */
  now(): number;
  /** Timers still pending. */
  pending(): number;
}

/** Creates {@link ManualTimers} whose clock starts at `start`. */
export function manualTimers(start = 0): ManualTimers {
  let clock = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    setTimeout(fn, ms) {
      seq += 1;
      timers.set(seq, { at: clock + ms, fn });
      return seq;
    },
    clearTimeout(handle) {
      if (typeof handle === 'number') timers.delete(handle);
    },
    advance(ms) {
      const until = clock + ms;
      for (;;) {
        let next: [number, { at: number; fn: () => void }] | undefined;
        for (const entry of timers) {
          if (entry[1].at <= until && (next === undefined || entry[1].at < next[1].at)) next = entry;
        }
        if (next === undefined) break;
        timers.delete(next[0]);
        clock = next[1].at;
        next[1].fn();
      }
      clock = until;
    },
    now: () => clock,
    pending: () => timers.size,
  };
}
