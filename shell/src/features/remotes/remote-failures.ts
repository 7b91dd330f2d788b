/** One failed attempt to load or render a remote module. */
export interface RemoteFailure {
  /** Request id (`catalog/CatalogPage`) or the manifest URL, as the runtime reports it. */
  id: string;
  /** Remote name when known. */
  remote: string | undefined;
  /** MF lifecycle (`afterResolve`, `onLoad`, ...) or `render` for a component that threw. */
  lifecycle: string;
  message: string;
  at: string;
}

/** Diagnostics the shell exposes on `window.__STOREFRONT__`. */
export interface StorefrontGlobal {
  remoteFailures: RemoteFailure[];
}

declare global {
  interface Window {
    __STOREFRONT__?: StorefrontGlobal;
  }
}

// Enough to debug a session; a remote that keeps failing on retry must not grow the list forever.
const MAX_FAILURES = 100;

/** Message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Records a failure on `window.__STOREFRONT__.remoteFailures` and warns in the console. */
export function recordRemoteFailure(failure: Omit<RemoteFailure, 'at'>): RemoteFailure {
  const entry: RemoteFailure = { ...failure, at: new Date().toISOString() };
  const store = window.__STOREFRONT__ ?? { remoteFailures: [] };
  window.__STOREFRONT__ = store;
  store.remoteFailures.push(entry);
  if (store.remoteFailures.length > MAX_FAILURES)
    store.remoteFailures.splice(0, store.remoteFailures.length - MAX_FAILURES);
  console.warn(
    `[storefront] remote "${failure.remote ?? failure.id}" failed (${failure.lifecycle}): ${failure.message}`,
    entry,
  );
  return entry;
}
