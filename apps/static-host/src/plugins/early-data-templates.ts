// Early data (docs/decisions/017-early-data.md): each remote release declares, per exposed module, the GETs the
// module makes on its first render, as templates over the route's parameters. The host fills in the templates of
// the requested route's modules from the URL and lists the paths in the page; the shell's entry starts them before
// any remote has loaded.

/** One declared GET: `path` may name route parameters as `{id}`; `query: 'none'` applies only to a URL without one. */
export interface EarlyCallTemplate {
  path: string;
  query: 'any' | 'none';
}

/** The file a release carries beside its mf-manifest.json (packages/remote-kit/webpack.mjs writes it). */
export const EARLY_DATA_FILE = 'early-data.json';

/** Templates per module and per page: a release is code we run, but a page must never become a flood. */
const MAX_PER_MODULE = 4;
const MAX_PER_PAGE = 8;

const PARAM = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The early-data.json of the release whose manifest is at `manifestUrl`. */
export function earlyDataUrl(manifestUrl: string): string {
  return new URL(EARLY_DATA_FILE, manifestUrl).href;
}

/**
 * True for a same-origin API path template: `/api/…`, bounded, no host, no dot segments, parameters only before the
 * query. What the shell then starts is checked again once filled in.
 */
export function isCallTemplate(path: string): boolean {
  if (path.length > 256 || !/^\/api\/[A-Za-z0-9\-._~%/?&=+,:@{}]*$/.test(path)) return false;
  if (path.includes('//') || /(^|\/)\.\.?(\/|\?|$)/.test(path)) return false;
  const [pathname = '', search = ''] = path.split(/\?(.*)/s);
  // Braces only as whole `{name}` placeholders, and only in the path.
  return !/[{}]/.test(pathname.replace(PARAM, '')) && !/[{}]/.test(search);
}

function template(value: unknown): EarlyCallTemplate | null {
  if (typeof value === 'string') return isCallTemplate(value) ? { path: value, query: 'any' } : null;
  if (!isRecord(value) || typeof value.path !== 'string' || !isCallTemplate(value.path)) return null;
  if (value.query !== undefined && value.query !== 'any' && value.query !== 'none') return null;
  return { path: value.path, query: value.query === 'none' ? 'none' : 'any' };
}

/** A release's early-data.json, read leniently: what is not a valid template is left out. */
export function earlyDataFromDocument(doc: unknown): Map<string, EarlyCallTemplate[]> {
  const modules = new Map<string, EarlyCallTemplate[]>();
  if (!isRecord(doc) || doc.schemaVersion !== 1 || !isRecord(doc.modules)) return modules;
  for (const [module, list] of Object.entries(doc.modules)) {
    if (!module.startsWith('./') || !Array.isArray(list)) continue;
    const templates = list.map(template).filter((t) => t !== null);
    if (templates.length > 0) modules.set(module, templates.slice(0, MAX_PER_MODULE));
  }
  return modules;
}

/** The parameter names of a route pattern (`/products/:id` → id). */
function routeParams(pattern: string): Set<string> {
  return new Set(
    pattern
      .split('/')
      .filter((s) => s.startsWith(':'))
      .map((s) => s.slice(1)),
  );
}

/**
 * The calls a route's page starts: the templates of the modules it renders, those naming a parameter the route does
 * not have left out, repeats too, at most eight.
 */
export function routeEarlyCalls(
  route: string | null,
  templates: readonly EarlyCallTemplate[],
): EarlyCallTemplate[] {
  const params = route === null ? new Set<string>() : routeParams(route);
  const calls = new Map<string, EarlyCallTemplate>();
  for (const t of templates) {
    const named = [...t.path.matchAll(PARAM)].every(([, name]) => name !== undefined && params.has(name));
    if (named) calls.set(`${t.query} ${t.path}`, t);
  }
  return [...calls.values()].slice(0, MAX_PER_PAGE);
}

/** The decoded parameters of `pathname` by `route`'s pattern; null when it does not match or an escape is malformed. */
function paramsOf(route: string, pathname: string): Map<string, string> | null {
  const split = (p: string) => p.split('/').filter((s) => s !== '');
  const want = split(route);
  const got = split(pathname);
  if (want.length !== got.length) return null;
  const params = new Map<string, string>();
  for (const [i, segment] of want.entries()) {
    if (!segment.startsWith(':')) continue;
    try {
      params.set(segment.slice(1), decodeURIComponent(got[i] ?? ''));
    } catch {
      return null;
    }
  }
  return params;
}

/**
 * The paths one page starts, for the URL as the browser asked it (case kept: a product slug is a parameter): each
 * parameter decoded and encoded again as the remotes encode it (always one segment); a `query: 'none'` call only
 * when the URL has no query; whatever is not a valid path after filling in, left out.
 */
export function earlyPathsFor(
  route: string | null,
  calls: readonly EarlyCallTemplate[],
  url: string,
): string[] {
  const [pathname = '/', search = ''] = url.split(/\?(.*)/s);
  const params = route === null ? new Map<string, string>() : paramsOf(route, pathname);
  if (params === null) return [];
  return calls.flatMap(({ path, query }) => {
    if (query === 'none' && search !== '') return [];
    const filled = path.replace(PARAM, (_, name: string) => encodeURIComponent(params.get(name) ?? ''));
    return isCallTemplate(filled) ? [filled] : [];
  });
}
