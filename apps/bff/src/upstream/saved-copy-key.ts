// Keys of the last-known-good store: which requests share a saved copy, and which must never have one.
import type { QueryValues, UpstreamRequest } from './types.js';

/** Headers that make an answer personal: such a GET is never saved without an explicit scope. */
const IDENTITY_HEADERS = ['authorization', 'x-user-id', 'x-anonymous-cart', 'cookie'];

/** The query with sorted keys, `undefined` values left out. */
export function queryString(query: QueryValues): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(query).sort()) {
    const value = query[key];
    if (value !== undefined) params.append(key, String(value));
  }
  return params.toString();
}

/** Builds the last-known-good key: optional caller scope, path, and the query with sorted keys. */
export function cacheKey(path: string, query: QueryValues = {}, scope = ''): string {
  const search = queryString(query);
  const target = search ? `${path}?${search}` : path;
  // A space cannot occur in a path, so a scope can never be confused with another key.
  return scope ? `${scope} ${target}` : target;
}

/** The saved-copy key of a request, or null when the answer must not be saved nor served from memory. */
export function savedCopyKey(request: UpstreamRequest): string | null {
  if ((request.method ?? 'GET') !== 'GET' || request.savedCopy === 'none') return null;
  if (request.savedCopy) {
    if (!request.savedCopy.scope) throw new Error('savedCopy.scope must not be empty');
    return cacheKey(request.path, request.query, request.savedCopy.scope);
  }
  const personal = Object.keys(request.headers ?? {}).some((name) =>
    IDENTITY_HEADERS.includes(name.toLowerCase()),
  );
  return personal ? null : cacheKey(request.path, request.query);
}
