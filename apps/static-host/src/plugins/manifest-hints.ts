import { originOf } from '@storefront/service-kit';
import { type EarlyCallTemplate, earlyDataFromDocument, earlyDataUrl } from './early-data-templates.js';

/** What a page showing some of a remote's exposed modules can start downloading before any script runs. */
export interface RemoteHints {
  /** The mf-manifest.json these hints were read from (the registry's `entry`). */
  manifest: string;
  /** Its remoteEntry.js. */
  entry: string;
  /** Per exposed module (`./CatalogPage`): the JS and CSS chunks it needs before it runs. */
  modules: ReadonlyMap<string, { scripts: readonly string[]; styles: readonly string[] }>;
  /** Per exposed module: the GETs it makes on its first render (the release's early-data.json; decision 017). */
  earlyData: ReadonlyMap<string, readonly EarlyCallTemplate[]>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
}

/**
 * The URLs a manifest names, resolved as the MF runtime resolves them: against its `publicPath`, or (`auto`)
 * against the manifest's own URL. Only URLs on the manifest's origin are kept: the CSP allows no other, and a
 * manifest must never make the shell's page fetch from elsewhere. Throws on a document that is not a manifest.
 */
export function hintsFromManifest(manifestUrl: string, doc: unknown): RemoteHints {
  if (!isRecord(doc) || !isRecord(doc.metaData) || !Array.isArray(doc.exposes)) {
    throw new Error('not an mf-manifest.json (no metaData or exposes)');
  }
  const meta = doc.metaData;
  const publicPath = typeof meta.publicPath === 'string' && meta.publicPath !== 'auto' ? meta.publicPath : '';
  const base = new URL(publicPath, manifestUrl);
  const origin = originOf(manifestUrl);
  const resolve = (file: string): string | null => {
    const url = new URL(file, base).href;
    return originOf(url) === origin ? url : null;
  };
  const remoteEntry = isRecord(meta.remoteEntry) ? meta.remoteEntry : {};
  const entryName = typeof remoteEntry.name === 'string' ? remoteEntry.name : '';
  const entryPath = typeof remoteEntry.path === 'string' ? remoteEntry.path.replace(/\/*$/, '') : '';
  const entry = entryName === '' ? null : resolve(entryPath === '' ? entryName : `${entryPath}/${entryName}`);
  if (entry === null) throw new Error('the manifest names no remoteEntry on its own origin');

  const modules = new Map<string, { scripts: string[]; styles: string[] }>();
  for (const expose of doc.exposes) {
    if (!isRecord(expose) || typeof expose.path !== 'string' || !isRecord(expose.assets)) continue;
    const { js, css } = expose.assets;
    // `sync` only: what the module needs before it runs; `async` chunks load later, if ever.
    const sync = (kind: unknown) =>
      strings(isRecord(kind) ? kind.sync : undefined)
        .map(resolve)
        .filter((u) => u !== null);
    modules.set(expose.path, { scripts: sync(js), styles: sync(css) });
  }
  return { manifest: manifestUrl, entry, modules, earlyData: new Map() };
}

/** Fetches a manifest and its release's early-data.json (each bounded by `timeoutMs`) and reads their hints. */
export async function fetchManifestHints(manifestUrl: string, timeoutMs: number): Promise<RemoteHints> {
  const get = (url: string) =>
    fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  const [response, early] = await Promise.all([get(manifestUrl), get(earlyDataUrl(manifestUrl))]);
  if (!response.ok) throw new Error(`the manifest answered ${response.status}`);
  const hints = hintsFromManifest(manifestUrl, await response.json());
  // A release built before early data has no file (404): its modules start nothing early.
  if (early.status === 404) return hints;
  if (!early.ok) throw new Error(`early-data.json answered ${early.status}`);
  return { ...hints, earlyData: earlyDataFromDocument(await early.json()) };
}
