/** The two phases of a flapping target. */
export type FlapPhase = 'down' | 'up';

/** Options of {@link startFlapping}. */
export interface FlapSchedulerOptions {
  upMs: number;
  downMs: number;
  /** Called at each switch (not for the initial `down`, which the caller applies itself). */
  onPhase: (phase: FlapPhase) => void;
}

/** A running flap schedule. */
export interface FlapScheduler {
  /** The current phase. */
  readonly phase: FlapPhase;
  /** Stops switching; idempotent. */
  stop(): void;
}

/**
 * Alternates `down` (for `downMs`) and `up` (for `upMs`), starting down. Uses the global timers at call time so
 * that `vi.useFakeTimers()` drives it in tests.
 */
export function startFlapping(options: FlapSchedulerOptions): FlapScheduler {
  let phase: FlapPhase = 'down';
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const schedule = (): void => {
    timer = setTimeout(
      () => {
        if (stopped) return;
        phase = phase === 'down' ? 'up' : 'down';
        schedule();
        options.onPhase(phase);
      },
      phase === 'down' ? options.downMs : options.upMs,
    );
  };
  schedule();

  return {
    get phase() {
      return phase;
    },
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
