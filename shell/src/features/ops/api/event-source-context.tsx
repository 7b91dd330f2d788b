import { createContext, type ReactNode, useContext } from 'react';

/** The part of the browser's EventSource the console uses; tests hand in a fake. */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

/** Opens a stream on `url`. */
export type EventSourceFactory = (url: string) => EventSourceLike;

/** EventSource.readyState values (the constants are missing where EventSource itself is). */
export const READY_STATE = { CONNECTING: 0, OPEN: 1, CLOSED: 2 } as const;

/** How the console reaches the stream. */
export interface OpsStreamConfig {
  /** null when the environment has no EventSource. */
  createEventSource: EventSourceFactory | null;
  /**
   * Delay before opening a new stream after the browser gave up on one (readyState CLOSED, e.g. a 502 while
   * the BFF is down): EventSource only reconnects by itself after a network error or a closed stream.
   */
  reopenAfterMs: number;
}

function browserEventSource(): EventSourceFactory | null {
  if (typeof globalThis.EventSource !== 'function') return null;
  return (url) => new globalThis.EventSource(url);
}

const OpsStreamConfigContext = createContext<OpsStreamConfig>({
  createEventSource: browserEventSource(),
  reopenAfterMs: 2000,
});

/** Overrides how the console opens its stream (tests pass a fake EventSource). */
export function OpsStreamConfigProvider({
  config,
  children,
}: {
  config: Partial<OpsStreamConfig>;
  children: ReactNode;
}) {
  const parent = useContext(OpsStreamConfigContext);
  return (
    <OpsStreamConfigContext.Provider value={{ ...parent, ...config }}>
      {children}
    </OpsStreamConfigContext.Provider>
  );
}

/** The stream configuration in effect. */
export function useOpsStreamConfig(): OpsStreamConfig {
  return useContext(OpsStreamConfigContext);
}
