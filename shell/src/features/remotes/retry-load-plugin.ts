import type { ModuleFederationRuntimePlugin } from '@module-federation/enhanced/runtime';

/** How often one step is tried again after it failed, and how long to wait before each new try. */
export interface RetryPolicy {
  retries: number;
  delayMs: number;
}

/** Options of {@link retryLoadPlugin}. */
export interface RetryLoadOptions {
  /** A remote's remoteEntry.js and the chunks of an exposed module. */
  script: RetryPolicy;
  /** Waits between tries (tests pass a faster one). */
  wait?: (ms: number) => Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` until it succeeds or `retries` more tries have failed; the last error is thrown. */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  { retries, delayMs }: RetryPolicy,
  wait: (ms: number) => Promise<void> = sleep,
): Promise<T> {
  for (let failed = 0; ; failed++) {
    try {
      return await attempt();
    } catch (err) {
      if (failed >= retries) throw err;
      await wait(delayMs);
    }
  }
}

/**
 * Layer 1 of the defence: a remote's entry script or module chunks are tried again a few times before the load
 * fails (a deploy in progress, a blip of the remote's host); manifests are retried by manifest-entry-plugin.ts.
 * What @module-federation/retry-plugin did, without the second copy of @module-federation/sdk (0.17) it brings.
 */
export function retryLoadPlugin({ script, wait }: RetryLoadOptions): ModuleFederationRuntimePlugin {
  return {
    name: 'storefront-retry-load',
    // Called only when the entry script could not be loaded (not when it loaded and threw).
    loadEntryError({ getRemoteEntry, origin, remoteInfo, remoteEntryExports, globalLoading, uniqueKey }) {
      const retried = withRetries(
        async () => {
          // The failed load is still cached under this key: a new try must start a new one.
          delete globalLoading[uniqueKey];
          return (await getRemoteEntry({ origin, remoteInfo, remoteEntryExports })) || undefined;
        },
        script,
        wait,
      );
      // The hook is typed as a promise of a promise; resolving with `retried` adopts it (what the runtime awaits).
      return new Promise<typeof retried | undefined>((resolve) => resolve(retried));
    },
    getModuleFactory({ remoteEntryExports, expose }) {
      // The container's get() returns a promise of the factory (its type says the factory itself).
      return withRetries(async () => remoteEntryExports.get(expose), script, wait);
    },
  };
}
