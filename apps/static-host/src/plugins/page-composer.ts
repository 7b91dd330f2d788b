import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { EARLY_DATA_ELEMENT_ID } from '@storefront/contract';
import type { FastifyBaseLogger } from 'fastify';
import { type EarlyCallTemplate, earlyPathsFor, routeEarlyCalls } from './early-data-templates.js';
import { fetchManifestHints, type RemoteHints } from './manifest-hints.js';
import { PageTemplate, type Template } from './page-template.js';

/** One registry document and the hints of its releases: a page is composed from exactly one. */
interface Snapshot {
  text: string;
  /** The document as inlined (escaped), or null when the file is not a JSON object. */
  registryJson: string | null;
  hints: ReadonlyMap<string, RemoteHints | null>;
  builtAt: number;
  pages: Map<string, RoutePage>;
}

/** A composed page and its validator. */
export interface ComposedPage {
  html: string;
  etag: string;
}

/** A route's page as cached: the early calls are filled in per URL, at `headEnd`. */
interface RoutePage extends ComposedPage {
  route: string | null;
  early: EarlyCallTemplate[];
  headEnd: number;
}

/** The id of the registry's data block; the shell reads it (shell/src/features/registry/registry.ts). */
export const REGISTRY_ELEMENT_ID = 'storefront-registry';

const ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** JSON text safe inside a <script> data block: nothing in it can close the element or start markup. */
export function escapeJsonForHtml(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => ESCAPES[c] ?? c);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** True when `pathname` matches a route pattern of the shell (`/products/:id`); a trailing slash is ignored. */
export function matchesRoute(pattern: string, pathname: string): boolean {
  const split = (p: string) => p.split('/').filter((s) => s !== '');
  const want = split(pattern);
  const got = split(pathname);
  return want.length === got.length && want.every((seg, i) => seg.startsWith(':') || seg === got[i]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The entries of a registry document's remotes that are strings (the shell refuses the rest anyway). */
function registryEntries(doc: unknown): Array<[string, string]> {
  const remotes = isRecord(doc) ? doc.remotes : undefined;
  if (!isRecord(remotes)) return [];
  return Object.entries(remotes).flatMap(([name, value]) =>
    isRecord(value) && typeof value.entry === 'string' ? [[name, value.entry] as [string, string]] : [],
  );
}

/**
 * The registry document with, beside each remote's `entry` (its manifest, what deploy tooling and the guard
 * read), the `remoteEntry` script that manifest names: the shell then loads the script directly, without the
 * manifest round trip (its MF runtime is built without manifest handling; shell/webpack.config.mjs). A remote
 * whose manifest could not be read keeps its manifest entry alone, which the shell resolves itself.
 */
export function withRemoteEntries(
  doc: Record<string, unknown>,
  hints: ReadonlyMap<string, RemoteHints | null>,
): Record<string, unknown> {
  if (!isRecord(doc.remotes)) return doc;
  const remotes = Object.fromEntries(
    Object.entries(doc.remotes).map(([name, value]) => {
      const known = hints.get(name);
      return isRecord(value) && known && known.manifest === value.entry
        ? [name, { ...value, remoteEntry: known.entry }]
        : [name, value];
    }),
  );
  return { ...doc, remotes };
}

function etagOf(text: string): string {
  return `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
}

/**
 * The route's page with the paths its early calls have for `url` (decision 017) as a data block the shell's entry
 * reads, escaped like the registry; the cached page as it is when there are none.
 */
export function withEarlyData(page: RoutePage, url: string): ComposedPage {
  const paths = page.headEnd < 0 ? [] : earlyPathsFor(page.route, page.early, url);
  if (paths.length === 0) return { html: page.html, etag: page.etag };
  const block = `<script type="application/json" id="${EARLY_DATA_ELEMENT_ID}">${escapeJsonForHtml(JSON.stringify(paths))}</script>`;
  const html = `${page.html.slice(0, page.headEnd)}${block}${page.html.slice(page.headEnd)}`;
  // The route's page is hashed once, when composed; per request only the block is (pages are served per request).
  return { html, etag: `${page.etag.slice(0, -1)}.${etagOf(block).slice(1, 17)}"` };
}

/** Options of {@link PageComposer}. */
export interface PageComposerOptions {
  /** The shell's dist: index.html (the template) and compose.json. */
  root: string;
  registryFile: string;
  log: FastifyBaseLogger;
  /** How long one manifest may take (once per registry change, not per page). */
  manifestTimeoutMs?: number;
  /** After a manifest could not be read, a later page retries it (in the background) this long after. */
  retryAfterMs?: number;
  /** Reads one manifest's hints (tests replace the network). */
  fetchHints?: (manifestUrl: string, timeoutMs: number) => Promise<RemoteHints>;
}

/**
 * Composes the shell's page: the built index.html with the live registry inlined as data, preload hints for
 * what the requested route needs (the shell's own chunks behind its async boundary; each remote's
 * remoteEntry.js, which the inlined registry names, and the chunks of the exposed modules the route renders) and the frame's critical CSS.
 *
 * The registry file is read per page (as `/registry.json` is: a deploy renames it atomically); the manifests
 * only when it changes, never per page. A page is composed from one registry document and the hints of that
 * document's releases only: while a new document's manifests are read, its pages wait for them (bounded by the
 * manifest timeout) rather than mixing two registries. A manifest that cannot be read gives that remote no
 * hints (the page works as before, one step slower), is logged, and is retried by a later page.
 */
export class PageComposer {
  readonly #opts: Required<Omit<PageComposerOptions, 'fetchHints'>> & Pick<PageComposerOptions, 'fetchHints'>;
  readonly #template: PageTemplate;
  #current: { text: string; snapshot: Promise<Snapshot> } | undefined;
  #retrying = false;

  constructor(opts: PageComposerOptions) {
    this.#opts = { manifestTimeoutMs: 2000, retryAfterMs: 5000, ...opts };
    this.#template = new PageTemplate(opts.root, opts.log);
  }

  /** The CSP sources of the page's inline style (empty when it has none). */
  styleHashes(): string[] {
    const style = this.#template.current()?.style;
    return style ? [style.hash] : [];
  }

  /** Takes a registry document read elsewhere (the watch): its manifests are read before the next page. */
  prepare(text: string): void {
    if (this.#current !== undefined) this.#snapshotFor(text);
  }

  /**
   * The page for `pathname` (lower-cased, for the route), with the early calls of `url` as the browser asked it;
   * null when the shell has no index.html.
   */
  async page(pathname: string, url: string = pathname): Promise<ComposedPage | null> {
    const template = this.#template.current();
    if (template === null) return null;
    let text: string | null = null;
    try {
      text = await readFile(this.#opts.registryFile, 'utf8');
    } catch (err) {
      // The page still works: the shell fetches /registry.json, whose answer says what is wrong.
      this.#opts.log.warn(
        { file: this.#opts.registryFile, reason: err instanceof Error ? err.message : String(err) },
        'registry file cannot be read: page composed without it',
      );
    }
    if (text === null) return this.#compose(template, null, pathname);
    const snapshot = await this.#snapshotFor(text);
    this.#retryFailures(snapshot);
    const route = template.data?.routes.find((r) => matchesRoute(r.path, pathname))?.path ?? '*';
    const key = `${template.stamp} ${route}`;
    let page = snapshot.pages.get(key);
    if (page === undefined) {
      page = this.#compose(template, snapshot, pathname);
      snapshot.pages.set(key, page);
    }
    return withEarlyData(page, url);
  }

  #snapshotFor(text: string): Promise<Snapshot> {
    if (this.#current?.text === text) return this.#current.snapshot;
    const previous = this.#current?.snapshot;
    const snapshot = this.#build(text, previous);
    this.#current = { text, snapshot };
    return snapshot;
  }

  async #build(text: string, previous: Promise<Snapshot> | undefined): Promise<Snapshot> {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      doc = undefined;
    }
    const before = previous ? await previous : undefined;
    const hints = new Map<string, RemoteHints | null>();
    await Promise.all(
      registryEntries(doc).map(async ([name, manifestUrl]) => {
        // A release's manifest never changes at its URL: what was read for it is reused.
        const known = before?.hints.get(name);
        if (known && known.manifest === manifestUrl) {
          hints.set(name, known);
          return;
        }
        try {
          const fetchHints = this.#opts.fetchHints ?? fetchManifestHints;
          hints.set(name, await fetchHints(manifestUrl, this.#opts.manifestTimeoutMs));
        } catch (err) {
          this.#opts.log.warn(
            { remote: name, manifest: manifestUrl, reason: err instanceof Error ? err.message : String(err) },
            'remote manifest cannot be read: pages get no preload hints for this remote',
          );
          hints.set(name, null);
        }
      }),
    );
    const registryJson = isRecord(doc)
      ? escapeJsonForHtml(JSON.stringify(withRemoteEntries(doc, hints)))
      : null;
    return { text, registryJson, hints, builtAt: Date.now(), pages: new Map() };
  }

  /** Reads again, in the background, the manifests that failed (a remote host that was down). */
  #retryFailures(snapshot: Snapshot): void {
    const failed = [...snapshot.hints.values()].some((h) => h === null);
    if (!failed || this.#retrying || Date.now() - snapshot.builtAt < this.#opts.retryAfterMs) return;
    this.#retrying = true;
    this.#build(snapshot.text, Promise.resolve(snapshot))
      .then((next) => {
        // Only if the registry has not changed meanwhile.
        if (this.#current?.text === next.text)
          this.#current = { text: next.text, snapshot: Promise.resolve(next) };
      })
      .finally(() => {
        this.#retrying = false;
      });
  }

  #compose(template: Template, snapshot: Snapshot | null, pathname: string): RoutePage {
    const head: string[] = [];
    if (template.style) head.push(`<style>${template.style.css}</style>`);
    if (snapshot?.registryJson) {
      head.push(
        `<script type="application/json" id="${REGISTRY_ELEMENT_ID}">${snapshot.registryJson}</script>`,
      );
    }
    const links = new Set<string>();
    const preload = (as: string, href: string) =>
      links.add(`<link rel="preload" as="${as}" href="${escapeAttribute(href)}">`);
    const data = template.data;
    let early: EarlyCallTemplate[] = [];
    let routePath: string | null = null;
    if (data) {
      for (const href of data.shell.styles) preload('style', href);
      for (const href of data.shell.scripts) preload('script', href);
    }
    if (data && snapshot) {
      const route = data.routes.find((r) => matchesRoute(r.path, pathname));
      const templates: EarlyCallTemplate[] = [];
      for (const { remote, module } of [...(route?.modules ?? []), ...data.frame]) {
        const hints = snapshot.hints.get(remote);
        if (!hints) continue;
        templates.push(...(hints.earlyData.get(module) ?? []));
        // The inlined registry names remoteEntry.js (withRemoteEntries): the page never fetches the manifest.
        // The MF runtime adds remoteEntry.js and the chunks as plain <script>/<link rel="stylesheet"> (no
        // crossorigin), so these requests match the preloads and reuse them.
        preload('script', hints.entry);
        const assets = hints.modules.get(module);
        for (const href of assets?.styles ?? []) preload('style', href);
        for (const href of assets?.scripts ?? []) preload('script', href);
      }
      // The GETs those modules make first: filled in per URL (withEarlyData), started by the shell's entry.
      early = routeEarlyCalls(route?.path ?? null, templates);
      routePath = route?.path ?? null;
    }
    const inserted = [...head, ...links].join('');
    const at = template.html.search(/<\/head>/i);
    const html =
      at < 0 ? template.html : `${template.html.slice(0, at)}${inserted}${template.html.slice(at)}`;
    return { html, etag: etagOf(html), route: routePath, early, headEnd: at < 0 ? -1 : at + inserted.length };
  }
}
