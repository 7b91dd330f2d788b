// Cross-site request forgery: any page the user visits can send a "simple" request (a form post, or fetch in
// no-cors mode: body-less or text/plain, with cookies) to a storefront on localhost. Writes are refused when the
// browser says they come from another site, and must be JSON, which no simple request can be.
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';
import { ConfigError } from './env.js';
import { definePlugin } from './plugin.js';

/** The methods that change state, and so are guarded. */
export const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Methods whose body must be JSON, even when empty (DELETE carries none; a cross-site DELETE needs CORS). */
const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

/** The values of `Sec-Fetch-Site` that are not another site: the page's own origin, or typed by the user. */
const SAME_SITE_FETCH: ReadonlySet<string> = new Set(['same-origin', 'none']);

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/** `scheme://host[:port]` as the browser writes `Origin`, or null for `null`, opaque or malformed origins. */
export function originOf(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.origin;
}

/**
 * Why a write from a browser is cross-site, or null when it is not: `Sec-Fetch-Site` present and not
 * `same-origin`/`none`, or `Origin` present and neither one of `publicOrigins` nor the request's own `Host`
 * (either scheme). Requests with neither header (CLI, curl, server to server) are not cross-site.
 */
export function crossSiteReason(
  headers: IncomingHttpHeaders,
  publicOrigins: readonly string[],
): string | null {
  const fetchSite = single(headers['sec-fetch-site']);
  if (fetchSite !== undefined && !SAME_SITE_FETCH.has(fetchSite.trim().toLowerCase())) {
    return 'Sec-Fetch-Site';
  }
  const originHeader = single(headers.origin);
  if (originHeader === undefined) return null;
  const origin = originOf(originHeader);
  if (origin === null) return 'Origin';
  if (publicOrigins.includes(origin)) return null;
  const host = single(headers.host)?.trim().toLowerCase();
  if (host !== undefined && host !== '' && new URL(origin).host === host) return null;
  return 'Origin';
}

/** True when `header` names the media type `application/json` (parameters such as charset allowed). */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [type = ''] = header.split(';');
  return type.trim().toLowerCase() === 'application/json';
}

/**
 * Reads `PUBLIC_ORIGINS`: the origins the storefront is served from (the shell host's, which proxies `/api`),
 * comma-separated, e.g. `https://shop.example.com`; `fallback` when unset. Throws a ConfigError on a bad entry.
 */
export function readPublicOrigins(
  fallback: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): string[] {
  const raw = env.PUBLIC_ORIGINS;
  if (raw === undefined || raw.trim() === '') return [...fallback];
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const origin = originOf(entry);
      if (origin === null || origin !== entry.replace(/\/$/, '').toLowerCase()) {
        throw new ConfigError(
          `PUBLIC_ORIGINS must list origins like "https://shop.example.com" (scheme, host and port only; got "${entry}")`,
        );
      }
      return origin;
    });
}

/** Options of {@link crossSitePlugin}. */
export interface CrossSiteOptions {
  /** Origins (`scheme://host[:port]`) a write may come from, besides the request's own Host. */
  publicOrigins?: readonly string[];
}

function guard(request: FastifyRequest, publicOrigins: readonly string[]): void {
  // No route, no effect: an unknown path answers its 404 whatever the headers.
  if (!WRITE_METHODS.has(request.method) || request.is404) return;
  const reason = crossSiteReason(request.headers, publicOrigins);
  if (reason !== null) {
    throw new ApiError(
      403,
      'CROSS_SITE_REQUEST',
      `Writes are accepted from the storefront's own pages only (refused on ${reason}).`,
    );
  }
  if (BODY_METHODS.has(request.method) && !isJsonContentType(request.headers['content-type'])) {
    throw new ApiError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `${request.method} requires Content-Type: application/json (an empty body is allowed).`,
    );
  }
}

/**
 * Guards every write of the instance: 403 `CROSS_SITE_REQUEST` from another site, then 415
 * `UNSUPPORTED_MEDIA_TYPE` for a POST/PUT/PATCH that is not `application/json`, before the body is read. An empty
 * `application/json` body parses as no body (Fastify would refuse it), so body-less writes only add the header.
 */
export const crossSitePlugin = definePlugin<CrossSiteOptions>('service-kit-cross-site', async (app, opts) => {
  const publicOrigins = (opts.publicOrigins ?? []).map((origin) => originOf(origin) ?? origin);
  app.addHook('onRequest', async (request) => guard(request, publicOrigins));
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });
});
