// The wait every event loop (feed consumer, NATS relay and consumer, connection) takes between tries.

/** Waits `ms`, or less when `signal` aborts meanwhile (at once when it already has). */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
