import { useCallback, useEffect, useRef } from 'react';

/** The longest wait between two polls after errors (a BFF started alone answers 503 forever). */
export const MAX_BACKOFF_MS = 30_000;

/** The wait before the next poll: `pollMs` while polls work, doubling with each failure in a row, capped. */
export function nextPollDelay(failures: number, pollMs: number): number {
  return failures === 0 ? pollMs : Math.min(pollMs * 2 ** failures, MAX_BACKOFF_MS);
}

/** What one polling loop does with each read. */
export interface PollHandlers<T> {
  /** One read; throws when it fails, a wrong answer shape included. */
  read: () => Promise<T>;
  /** The latest read's answer, while mounted. */
  answered: (answer: T) => void;
  /** Why the latest read failed, while mounted. */
  failed: (error: unknown) => void;
}

/**
 * Reads now and every `pollMs` while mounted, backing off with `nextPollDelay` after failures in a row. Only the
 * latest read counts: an older one, or one settling after unmount, is dropped and schedules nothing. The handlers
 * are kept in a ref (a re-render does not restart the loop); a new `pollMs` or `key` starts over. Returns "poll
 * now", which cancels the wait and reads at once.
 */
export function usePoll<T>(handlers: PollHandlers<T>, pollMs: number, key?: unknown): () => void {
  const latestHandlers = useRef(handlers);
  latestHandlers.current = handlers;
  const pollNow = useRef<() => void>(() => undefined);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new `key` (another filter) must start over.
  useEffect(() => {
    let disposed = false;
    let latest = 0;
    let failures = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const poll = async () => {
      latest += 1;
      const attempt = latest;
      const current = () => !disposed && attempt === latest;
      try {
        const answer = await latestHandlers.current.read();
        if (!current()) return;
        failures = 0;
        latestHandlers.current.answered(answer);
      } catch (error) {
        if (!current()) return;
        failures += 1;
        latestHandlers.current.failed(error);
      }
      timer = setTimeout(() => void poll(), nextPollDelay(failures, pollMs));
    };

    pollNow.current = () => {
      clearTimeout(timer);
      void poll();
    };
    void poll();

    return () => {
      disposed = true;
      clearTimeout(timer);
      pollNow.current = () => undefined;
    };
  }, [pollMs, key]);

  return useCallback(() => pollNow.current(), []);
}
