import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { Registry } from './registry';

/** Where the registry is: still loading, usable, or unavailable. */
export type RegistryState =
  | { status: 'loading' }
  | { status: 'ready'; registry: Registry }
  | { status: 'error'; error: Error };

/** What components get from the registry provider. */
export interface RegistryContextValue {
  state: RegistryState;
  /** Loads the registry again (and re-registers the remotes); concurrent calls share one request. */
  reload: () => Promise<RegistryState>;
}

const RegistryContext = createContext<RegistryContextValue | null>(null);

/** Loads the registry once at start-up and offers `reload()` to the remote slots. */
export function RegistryProvider({ load, children }: { load: () => Promise<Registry>; children: ReactNode }) {
  const [state, setState] = useState<RegistryState>({ status: 'loading' });
  const inFlight = useRef<Promise<RegistryState> | null>(null);

  const reload = useCallback((): Promise<RegistryState> => {
    if (inFlight.current) return inFlight.current;
    const attempt = load().then(
      (registry): RegistryState => ({ status: 'ready', registry }),
      (err: unknown): RegistryState => ({
        status: 'error',
        error: err instanceof Error ? err : new Error(String(err)),
      }),
    );
    const settled = attempt.then((next) => {
      inFlight.current = null;
      setState(next);
      return next;
    });
    inFlight.current = settled;
    return settled;
  }, [load]);

  useEffect(() => {
    // StrictMode runs effects twice in development; the in-flight promise makes that one request.
    void reload();
  }, [reload]);

  const value = useMemo(() => ({ state, reload }), [state, reload]);
  return <RegistryContext value={value}>{children}</RegistryContext>;
}

/** The registry state and its reload function. */
export function useRegistry(): RegistryContextValue {
  const value = useContext(RegistryContext);
  if (!value) throw new Error('useRegistry() needs a <RegistryProvider>');
  return value;
}
