import type { OpsSnapshot, OpsTransition, Transition } from '@storefront/contract/browser';
import { useEffect, useReducer } from 'react';
import { type EventSourceLike, READY_STATE, useOpsStreamConfig } from './event-source-context';

/** The stream's URL, relative: the console runs on the shell's origin. */
export const OPS_STREAM_URL = '/api/ops/stream';

const MAX_TRANSITIONS = 50;

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'unsupported';

/** What the console shows: the connection and the last snapshot, kept while reconnecting. */
export interface OpsStreamState {
  status: StreamStatus;
  snapshot: OpsSnapshot | null;
  /** Client clock (ms) when the snapshot arrived: countdowns run from here, immune to clock skew. */
  receivedAt: number | null;
}

type Action =
  | { type: 'open' }
  | { type: 'snapshot'; snapshot: OpsSnapshot; at: number }
  | { type: 'transition'; event: OpsTransition }
  | { type: 'lost' };

function sameTransition(a: Transition, b: Transition): boolean {
  return a.at === b.at && a.from === b.from && a.to === b.to;
}

function reduce(state: OpsStreamState, action: Action): OpsStreamState {
  switch (action.type) {
    case 'open':
      return { ...state, status: 'live' };
    case 'snapshot':
      return { status: 'live', snapshot: action.snapshot, receivedAt: action.at };
    case 'lost':
      return { ...state, status: 'reconnecting' };
    case 'transition': {
      const { snapshot } = state;
      if (!snapshot) return state;
      const { upstream, from, to, at, reason } = action.event;
      const upstreams = snapshot.upstreams.map((item) => {
        if (item.name !== upstream) return item;
        const transition: Transition = { from, to, at, reason };
        if (item.transitions.some((known) => sameTransition(known, transition))) return item;
        // The state changes at once; the next snapshot brings the rest (counts, retryAfterMs).
        return {
          ...item,
          state: to,
          transitions: [...item.transitions, transition].slice(-MAX_TRANSITIONS),
        };
      });
      return { ...state, snapshot: { ...snapshot, upstreams } };
    }
  }
}

function parse<T>(event: MessageEvent): T | null {
  try {
    return typeof event.data === 'string' ? (JSON.parse(event.data) as T) : null;
  } catch {
    return null;
  }
}

function isSnapshot(value: OpsSnapshot | null): value is OpsSnapshot {
  return value !== null && Array.isArray(value.upstreams) && typeof value.faults === 'object';
}

/** Follows `/api/ops/stream` (snapshot and transition events) without polling. */
export function useOpsStream(): OpsStreamState {
  const { createEventSource, reopenAfterMs } = useOpsStreamConfig();
  const [state, dispatch] = useReducer(reduce, {
    status: createEventSource ? 'connecting' : 'unsupported',
    snapshot: null,
    receivedAt: null,
  });

  useEffect(() => {
    const factory = createEventSource;
    if (!factory) return;
    let disposed = false;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;

    const open = (): EventSourceLike => {
      const next = factory(OPS_STREAM_URL);
      next.addEventListener('open', () => dispatch({ type: 'open' }));
      next.addEventListener('snapshot', (event) => {
        const snapshot = parse<OpsSnapshot>(event);
        if (isSnapshot(snapshot)) dispatch({ type: 'snapshot', snapshot, at: Date.now() });
      });
      next.addEventListener('transition', (event) => {
        const data = parse<OpsTransition & { name?: string }>(event);
        const upstream = data?.upstream ?? data?.name;
        if (data && upstream) dispatch({ type: 'transition', event: { ...data, upstream } });
      });
      next.addEventListener('error', () => {
        if (disposed) return;
        dispatch({ type: 'lost' });
        // CONNECTING: the browser retries by itself. CLOSED: it gave up (non-200 answer), so open a new one.
        if (next.readyState === READY_STATE.CLOSED) {
          clearTimeout(reopenTimer);
          reopenTimer = setTimeout(() => {
            if (!disposed) source = open();
          }, reopenAfterMs);
        }
      });
      return next;
    };
    let source = open();

    return () => {
      disposed = true;
      clearTimeout(reopenTimer);
      source.close();
    };
  }, [createEventSource, reopenAfterMs]);

  return state;
}
