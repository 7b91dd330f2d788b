/** The remotes the shell knows how to place; other names in the registry are registered but never used. */
export const REMOTE_NAMES = ['catalog', 'cart', 'account'] as const;

/** Names of the remotes the shell knows how to place. */
export type RemoteName = (typeof REMOTE_NAMES)[number];

/** One remote in the registry. */
export interface RegistryRemote {
  /** URL of the remote's mf-manifest.json. */
  entry: string;
  /**
   * URL of the remoteEntry.js that manifest names, added by the shell host (apps/static-host) when it could read
   * the manifest: the page then loads the script directly, without fetching the manifest first.
   */
  remoteEntry?: string;
  /** Label of the live release (`local` for a plain build). */
  release?: string;
}

/** The document served at `/registry.json` (see docs/architecture.md, "The registry"). */
export interface Registry {
  schemaVersion: 1;
  remotes: Record<string, RegistryRemote>;
}

/** The registry could not be loaded or was refused. */
export class RegistryError extends Error {
  override name = 'RegistryError';
}

export const REGISTRY_URL = '/registry.json';

/** The `<script type="application/json">` the shell host composes into the page (apps/static-host). */
export const REGISTRY_ELEMENT_ID = 'storefront-registry';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates a registry document; throws RegistryError when it cannot be used. */
export function parseRegistry(doc: unknown): Registry {
  if (!isRecord(doc)) throw new RegistryError('The registry is not a JSON object');
  if (doc.schemaVersion !== 1) {
    throw new RegistryError(
      `Unsupported registry schemaVersion ${JSON.stringify(doc.schemaVersion)} (expected 1)`,
    );
  }
  if (!isRecord(doc.remotes)) throw new RegistryError('The registry has no "remotes" object');
  const remotes: Record<string, RegistryRemote> = {};
  for (const [name, value] of Object.entries(doc.remotes)) {
    if (!isRecord(value) || typeof value.entry !== 'string' || value.entry.trim() === '') {
      throw new RegistryError(`Remote "${name}" has no "entry" URL`);
    }
    const remote: RegistryRemote = { entry: value.entry };
    if (typeof value.remoteEntry === 'string' && value.remoteEntry.trim() !== '')
      remote.remoteEntry = value.remoteEntry;
    if (typeof value.release === 'string') remote.release = value.release;
    remotes[name] = remote;
  }
  return { schemaVersion: 1, remotes };
}

/** Fetches and validates the registry; never served from the HTTP cache. */
export async function fetchRegistry(url: string = REGISTRY_URL): Promise<Registry> {
  let response: Response;
  try {
    response = await fetch(url, { cache: 'no-store', headers: { accept: 'application/json' } });
  } catch (err) {
    throw new RegistryError(
      `The registry cannot be reached: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (!response.ok) throw new RegistryError(`The registry answered ${response.status}`);
  let doc: unknown;
  try {
    doc = await response.json();
  } catch {
    throw new RegistryError('The registry is not valid JSON');
  }
  return parseRegistry(doc);
}

/**
 * The registry the shell host inlined into the page, validated like a fetched one; null when the page has none
 * (webpack dev server, a page cached before the host composed it): then the caller fetches it.
 */
export function readInlineRegistry(doc: Document = document): Registry | null {
  const element = doc.getElementById(REGISTRY_ELEMENT_ID);
  if (element === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(element.textContent ?? '');
  } catch {
    throw new RegistryError('The registry in the page is not valid JSON');
  }
  return parseRegistry(parsed);
}
