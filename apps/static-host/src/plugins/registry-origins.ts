import { type FSWatcher, readFileSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import { originOf } from '@storefront/service-kit';
import type { FastifyBaseLogger } from 'fastify';

/**
 * The distinct origins of the remotes a registry document names (`remotes.<name>.entry`), sorted. Entries that
 * are not absolute http(s) URLs are skipped: the shell refuses them anyway, and they must never widen the CSP.
 */
export function remoteOrigins(doc: unknown): string[] {
  if (typeof doc !== 'object' || doc === null) return [];
  const remotes = (doc as { remotes?: unknown }).remotes;
  if (typeof remotes !== 'object' || remotes === null) return [];
  const origins = new Set<string>();
  for (const remote of Object.values(remotes)) {
    const entry = (remote as { entry?: unknown } | null)?.entry;
    const origin = typeof entry === 'string' ? originOf(entry) : null;
    if (origin !== null) origins.add(origin);
  }
  return [...origins].sort();
}

/**
 * The remote origins of the registry file, kept current without reading the file per request: read once at
 * start, again whenever the file's folder reports a change to it (deploys switch it by an atomic rename, which
 * a watch on the file itself would lose), and whenever the registry route parses it.
 */
export class RegistryOrigins {
  #origins: readonly string[] = [];
  #watcher: FSWatcher | undefined;
  readonly #file: string;
  readonly #log: FastifyBaseLogger;
  readonly #onText: ((text: string) => void) | undefined;

  /** `onText` gets the file's text on each read of the watch (the composed page reads its manifests then). */
  constructor(file: string, log: FastifyBaseLogger, onText?: (text: string) => void) {
    this.#file = file;
    this.#log = log;
    this.#onText = onText;
  }

  /** The origins as of the last read (empty when the file is missing or broken: only 'self' is allowed). */
  get origins(): readonly string[] {
    return this.#origins;
  }

  /** Takes the origins of a document already parsed (by the registry route). */
  update(doc: unknown): void {
    const next = remoteOrigins(doc);
    if (next.join(' ') === this.#origins.join(' ')) return;
    this.#log.info({ origins: next }, 'remote origins changed: content security policy updated');
    this.#origins = next;
  }

  /** Reads the file now; a missing or broken file keeps the last good origins (a deploy is mid-switch). */
  refresh(): void {
    try {
      const text = readFileSync(this.#file, 'utf8');
      this.update(JSON.parse(text));
      this.#onText?.(text);
    } catch (err) {
      this.#log.warn(
        { file: this.#file, reason: err instanceof Error ? err.message : String(err) },
        'registry file cannot be read for the content security policy',
      );
    }
  }

  /** First read, then watch the folder. */
  start(): void {
    this.refresh();
    const name = basename(this.#file);
    try {
      this.#watcher = watch(dirname(this.#file), { persistent: false }, (_event, changed) => {
        if (changed === null || changed === name) this.refresh();
      });
      this.#watcher.on('error', (err) => this.#log.warn({ reason: err.message }, 'registry watch failed'));
    } catch (err) {
      // No watch (folder missing): the registry route still updates the origins on every read.
      this.#log.warn({ reason: err instanceof Error ? err.message : String(err) }, 'registry watch failed');
    }
  }

  stop(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
  }
}
