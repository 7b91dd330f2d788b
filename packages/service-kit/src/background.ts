// A job every process runs now and then (sweeps of expired keys, reservations, records): started once the app is
// ready, stopped when it closes, never keeping the process alive, and a failed run is logged, not thrown.
import type { FastifyInstance } from 'fastify';

export interface BackgroundJob {
  /** Log message of a failed run, e.g. 'reservation sweep failed'. */
  name: string;
  everyMs: number;
  /** One run; synchronous (SQLite) work that may throw. */
  run: () => void;
}

/** Runs `job.run` every `job.everyMs` while `app` is up (from `onReady` to `onClose`). */
export function repeatInBackground(app: FastifyInstance, job: BackgroundJob): void {
  let timer: NodeJS.Timeout | undefined;
  const runOnce = (): void => {
    try {
      job.run();
    } catch (error) {
      // E.g. SQLITE_BUSY past the busy timeout: what was due stays due, and the next run takes it.
      app.log.error({ err: error }, `${job.name} failed`);
    }
  };
  app.addHook('onReady', async () => {
    timer = setInterval(runOnce, job.everyMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    timer = undefined;
  });
}
