// The early-data hand-off between the shell and the remotes (docs/decisions/017-early-data.md): the shell starts the
// GETs the route's remote modules make on their first render as soon as its entry runs, and each remote's first
// identical GET takes the answer instead of asking again. The hand-off is one page global, so a shell and remotes
// of different releases meet only here: a remote built before takes nothing (its own call is made), a shell built
// before starts nothing (the remotes ask as before).
/** The id of the page's data block listing the early calls: the shell host writes it, the shell's entry reads it. */
export const EARLY_DATA_ELEMENT_ID = 'storefront-early-data';

/** The page global the shell sets and the remotes read. */
export const EARLY_DATA_GLOBAL = '__STOREFRONT_EARLY_DATA__';

/** An early answer is taken only this long after the shell started it: later, a remote asks afresh. */
export const EARLY_DATA_MAX_AGE_MS = 10_000;

/** At most this many calls per page: the list comes from releases, and a page must never become a flood. */
export const EARLY_DATA_MAX_CALLS = 8;

/** What the global holds: `take` gives a started call's answer once, while fresh. */
export interface EarlyData {
  take(path: string): Promise<Response> | undefined;
}

/**
 * Starts each path's GET as a remote would (JSON, same-origin credentials) and publishes them (the shell). The trace
 * of an early call starts at the shell host: the browser's own span is never exported anyway (decision 013). Only
 * `/api/` paths, at most {@link EARLY_DATA_MAX_CALLS}: the host checked them; this is every page's first script,
 * kept small.
 */
export function startEarlyData(paths: readonly string[]): EarlyData {
  const calls = new Map<string, Promise<Response>>();
  for (const path of paths.slice(0, EARLY_DATA_MAX_CALLS)) {
    if (!path.startsWith('/api/')) continue;
    const response = fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    // Never an unhandled rejection: a call nobody takes may fail quietly; the taker sees the failure.
    response.catch(() => {});
    calls.set(path, response);
  }
  const startedAt = Date.now();
  const data: EarlyData = {
    take(path) {
      const response = calls.get(path);
      calls.delete(path);
      return Date.now() - startedAt > EARLY_DATA_MAX_AGE_MS ? undefined : response;
    },
  };
  (globalThis as Record<string, unknown>)[EARLY_DATA_GLOBAL] = data;
  return data;
}

/** The early answer for `path`, once, while fresh (a remote); undefined when the shell started none. */
export function takeEarlyResponse(path: string): Promise<Response> | undefined {
  const data = (globalThis as Record<string, unknown>)[EARLY_DATA_GLOBAL] as Partial<EarlyData> | undefined;
  return typeof data?.take === 'function' ? data.take(path) : undefined;
}
