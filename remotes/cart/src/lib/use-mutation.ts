import type { WriteResult } from '@storefront/remote-kit';
import { useCallback, useRef, useState } from 'react';
import { IdempotencyKeys } from './idempotency';

/** One write to run: its action name (same name = same action, same key on retry) and how to send it. */
export interface MutationPlan<T> {
  action: string;
  send: (idempotencyKey: string) => Promise<WriteResult<T>>;
}

/** A write hook's state and trigger. */
export interface Mutation<A extends unknown[], T> {
  /** Runs the write; resolves null without sending when the same action is already in flight. */
  run: (...args: A) => Promise<WriteResult<T> | null>;
  /** Actions in flight. */
  pending: ReadonlySet<string>;
}

/**
 * Runs writes with one Idempotency-Key per user action (kept for a retry of that action after a failure that
 * stored nothing) and refuses a second run of an action still in flight, so a double click sends one request.
 */
export function useMutation<A extends unknown[], T>(
  plan: (...args: A) => MutationPlan<T>,
  onSettled?: (result: WriteResult<T>) => void,
): Mutation<A, T> {
  const keys = useRef(new IdempotencyKeys());
  // A ref, not state: the second click of a double click arrives before React re-renders.
  const inFlight = useRef(new Set<string>());
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const planRef = useRef(plan);
  planRef.current = plan;
  const settledRef = useRef(onSettled);
  settledRef.current = onSettled;

  const run = useCallback(async (...args: A): Promise<WriteResult<T> | null> => {
    const { action, send } = planRef.current(...args);
    if (inFlight.current.has(action)) return null;
    inFlight.current.add(action);
    setPending(new Set(inFlight.current));
    try {
      const result = await send(keys.current.keyFor(action));
      keys.current.settle(action, !result.ok && result.retryable);
      settledRef.current?.(result);
      return result;
    } finally {
      inFlight.current.delete(action);
      setPending(new Set(inFlight.current));
    }
  }, []);

  return { run, pending };
}
