import type { ModuleFederationRuntimePlugin } from '@module-federation/enhanced/runtime';
import { type RetryPolicy, withRetries } from './retry-load-plugin';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The remoteEntry.js an mf-manifest.json names, resolved as the MF runtime resolves it: against the manifest's
 * `publicPath`, or (`auto`) against the manifest's own URL. Throws on a document that is not a manifest.
 */
export function entryFromManifest(manifestUrl: string, doc: unknown): string {
  const meta = isRecord(doc) ? doc.metaData : undefined;
  const entry = isRecord(meta) ? meta.remoteEntry : undefined;
  if (!isRecord(meta) || !isRecord(entry) || typeof entry.name !== 'string' || entry.name === '') {
    throw new Error(`${manifestUrl} is not a remote's manifest (no metaData.remoteEntry)`);
  }
  const publicPath = typeof meta.publicPath === 'string' && meta.publicPath !== 'auto' ? meta.publicPath : '';
  const dir = typeof entry.path === 'string' ? entry.path.replace(/\/*$/, '') : '';
  return new URL(dir === '' ? entry.name : `${dir}/${entry.name}`, new URL(publicPath, manifestUrl)).href;
}

/**
 * Lets a registry entry name a manifest although the shell's runtime is built without the manifest (snapshot)
 * handling (`disableSnapshot`): the shell host gives each remote its resolved `remoteEntry` script, so a page
 * never needs this; a registry without it (the webpack dev server, a Retry answered by `/registry.json`, a
 * manifest the host could not read) still works, one fetch slower. A release's manifest never changes at its
 * URL, so each is read once per page (a failed read is not kept: the next load tries again).
 */
export function manifestEntryPlugin(
  retry: RetryPolicy,
  wait?: (ms: number) => Promise<void>,
): ModuleFederationRuntimePlugin {
  const resolved = new Map<string, Promise<string>>();
  const resolve = (manifestUrl: string): Promise<string> => {
    let pending = resolved.get(manifestUrl);
    if (pending === undefined) {
      pending = withRetries(
        async () => {
          const response = await fetch(manifestUrl, { headers: { accept: 'application/json' } });
          if (!response.ok) throw new Error(`${manifestUrl} answered ${response.status}`);
          return entryFromManifest(manifestUrl, await response.json());
        },
        retry,
        wait,
      );
      resolved.set(manifestUrl, pending);
      pending.catch(() => resolved.delete(manifestUrl));
    }
    return pending;
  };
  return {
    name: 'storefront-manifest-entry',
    async afterResolve(args) {
      const { remoteInfo } = args;
      if (/\.json(?:[?#]|$)/.test(remoteInfo.entry)) remoteInfo.entry = await resolve(remoteInfo.entry);
      return args;
    },
  };
}
