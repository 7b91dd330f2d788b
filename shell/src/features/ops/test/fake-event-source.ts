import type { OpsSnapshot, OpsUpstream } from '@storefront/contract/browser';
import { act } from '@testing-library/react';
import type { EventSourceLike } from '../api/event-source-context';

type Listener = (event: MessageEvent) => void;

/** An EventSource driven by the test: open it, push events, fail it. */
export class FakeEventSource implements EventSourceLike {
  readyState = 0;
  private readonly listeners = new Map<string, Listener[]>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.readyState = 2;
  }

  /** Dispatches an event (data JSON-encoded) inside act(). */
  emit(type: string, data?: unknown): void {
    const event = new MessageEvent(type, { data: data === undefined ? undefined : JSON.stringify(data) });
    act(() => {
      for (const listener of this.listeners.get(type) ?? []) listener(event);
    });
  }

  /** The connection is up. */
  open(): void {
    this.readyState = 1;
    this.emit('open');
  }

  /** The connection broke; `readyState` 0 = the browser retries, 2 = it gave up. */
  fail(readyState: 0 | 2 = 0): void {
    this.readyState = readyState;
    this.emit('error');
  }
}

/** A factory that records every stream it opens. */
export function fakeEventSources() {
  const opened: FakeEventSource[] = [];
  const factory = (url: string) => {
    const source = new FakeEventSource(url);
    opened.push(source);
    return source;
  };
  return {
    factory,
    opened,
    latest(): FakeEventSource {
      const source = opened.at(-1);
      if (!source) throw new Error('no stream opened');
      return source;
    },
  };
}

/** An upstream with quiet defaults. */
export function upstreamOf(name: string, patch: Partial<OpsUpstream> = {}): OpsUpstream {
  return {
    name,
    state: 'closed',
    retryAfterMs: 0,
    window: { seconds: 30, requests: 120, ratePerSec: 4, errorPercent: 2.5, p50Ms: 3, p95Ms: 9, p99Ms: 20 },
    counts: { successful: 110, failed: 7, timeout: 3, notPermitted: 0, rejected: 1, fallback: 2, retries: 5 },
    transitions: [],
    ...patch,
  };
}

const TARGETS = ['catalog', 'cart', 'account', 'remote-catalog', 'remote-cart', 'remote-account'];

type ReplicaBreakers = OpsSnapshot['replicas'][number];

/** One replica's breakers in the snapshot: every upstream closed unless `states` says otherwise. */
export function replicaOf(
  replica: string,
  states: Record<string, OpsUpstream['state']> = {},
  available = true,
): ReplicaBreakers {
  const names = available ? ['catalog', 'cart', 'account'] : [];
  return {
    replica,
    available,
    upstreams: names.map((name) => {
      const state = states[name] ?? 'closed';
      return { name, state, retryAfterMs: state === 'open' ? 5000 : 0 };
    }),
  };
}

/** A snapshot of bff-1's stream: three upstreams, both replicas closed, six clean fault targets. */
export function snapshotOf(patch: Partial<OpsSnapshot> = {}): OpsSnapshot {
  return {
    at: '2025-05-01T12:00:00.000Z',
    replica: 'bff-1',
    upstreams: [upstreamOf('catalog'), upstreamOf('cart'), upstreamOf('account')],
    replicas: [replicaOf('bff-1'), replicaOf('bff-2')],
    faults: {
      available: true,
      targets: TARGETS.map((name, index) => ({
        name,
        kind: name.startsWith('remote-') ? 'remote' : 'service',
        listen: 5001 + index,
        upstream: `http://127.0.0.1:${4001 + index}`,
        fault: null,
      })),
    },
    notifications: { active: [], cleared: [] },
    ...patch,
  };
}
