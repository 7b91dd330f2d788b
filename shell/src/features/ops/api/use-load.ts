import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from './faults-api';

/** Where one read of the fault API stands. */
export type Loaded<T> =
  | { status: 'loading' }
  | { status: 'loaded'; data: T }
  | { status: 'failed'; message: string };

/**
 * Runs `load` (a stable, module-level function) once when mounted and again on `retry()`. Only the latest
 * attempt's answer counts: an older one, or one arriving after unmount, is dropped.
 */
export function useLoad<T>(load: () => Promise<T>): { state: Loaded<T>; retry: () => void } {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const latest = useRef(0);

  const run = useCallback(() => {
    latest.current += 1;
    const attempt = latest.current;
    setState({ status: 'loading' });
    load().then(
      (data) => {
        if (latest.current === attempt) setState({ status: 'loaded', data });
      },
      (error: unknown) => {
        if (latest.current === attempt) setState({ status: 'failed', message: messageOf(error) });
      },
    );
  }, [load]);

  useEffect(() => {
    run();
    return () => {
      latest.current += 1;
    };
  }, [run]);

  return { state, retry: run };
}
