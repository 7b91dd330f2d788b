// Generated bad requests for one route: the values of values.ts placed in odd paths, query strings, headers,
// methods and bodies with wrong content types.
import fc from 'fast-check';
import type { FuzzRoute } from './stack.js';
import { bodyOf, isSchema, junkValue, oddString, schemaValue } from './values.js';

/** One request to send; `headers` may repeat a name. */
export interface FuzzRequest {
  method: string;
  /** Path and query, as written on the request line. */
  path: string;
  headers: [string, string][];
  body?: string;
}

/** Percent-encodes a value's UTF-8 bytes (a lone surrogate becomes U+FFFD, as a browser would send it). */
const encode = (value: unknown): string => {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
};

/** A path parameter: as the schema wants, odd, huge, or with raw odd percent-encoding. */
function segmentOf(schema: unknown): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: schemaValue(schema).map(encode) },
    { weight: 2, arbitrary: oddString.map(encode) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '%zz',
        '%',
        '%E0%A4%A',
        '%C0%AF',
        '%00',
        '%2e%2e',
        '%2F',
        '..',
        '%25%32%65',
        '%FF%FE',
      ),
    },
    { weight: 1, arbitrary: fc.integer({ min: 90, max: 12_000 }).map((n) => 'a'.repeat(n)) },
  );
}

function fillPath(url: string, params: Record<string, string>): string {
  return url
    .replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => params[name] ?? 'x')
    .replace(/\*$/, params['*'] ?? 'x');
}

/** Query pairs: the schema's parameters with good and bad values, repeated, odd keys, long strings. */
function queryOf(schema: unknown): fc.Arbitrary<string> {
  const properties = isSchema(schema) && isSchema(schema.properties) ? schema.properties : {};
  const names = Object.keys(properties);
  const key = fc.oneof(
    ...(names.length > 0 ? [{ weight: 4, arbitrary: fc.constantFrom(...names) }] : []),
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '__proto__',
        '__proto__[polluted]',
        'constructor[prototype][polluted]',
        'a[b]',
        '',
      ),
    },
    { weight: 1, arbitrary: oddString },
  );
  const pair = key.chain((name) =>
    fc
      .oneof({ weight: 3, arbitrary: schemaValue(properties[name]) }, { weight: 2, arbitrary: junkValue })
      .map((value) => `${encode(name)}=${encode(value)}`),
  );
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant('') },
    {
      weight: 6,
      arbitrary: fc.array(pair, { maxLength: 6 }).map((pairs) => (pairs.length ? `?${pairs.join('&')}` : '')),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('?', '?&&&', '?=', '?a', '?%zz=1', '?a=%', '?a=1&a=2&a=3', '?a=%00'),
    },
    { weight: 1, arbitrary: fc.integer({ min: 2_000, max: 20_000 }).map((n) => `?q=${'a'.repeat(n)}`) },
    { weight: 1, arbitrary: fc.integer({ min: 100, max: 1_000 }).map((n) => `?${'p=1&'.repeat(n)}`) },
  );
}

/** Header values undici can send (visible Latin-1, no CR/LF/NUL). */
const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', 'x', '0', '-1', '1', '1.5', 'null', 'a'.repeat(300), 'é', '\u00ff', '"quoted"'),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
);

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json; charset=utf-16',
  'application/json, text/plain',
  'application/problem+json',
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'garbage',
  '',
  ';',
];

/** Headers: content type, idempotency keys, cookies, request ids, identities, many or long ones. */
function headersOf(route: FuzzRoute, identityHeaders: string[]): fc.Arbitrary<[string, string][]> {
  const one = fc.oneof(
    fc.tuple(fc.constant('idempotency-key'), fc.oneof(headerValue, fc.uuid(), fc.constant('k'.repeat(256)))),
    fc.tuple(
      fc.constant('cookie'),
      fc.oneof(
        headerValue,
        fc.constantFrom(
          'sf_session=',
          'sf_session=x; sf_cart=y',
          'sf_cart=%zz',
          'sf_session=a;sf_session=b',
          '=;;=',
          '__proto__=1',
        ),
        headerValue.map((value) => `sf_session=${encodeURIComponent(value)}`),
      ),
    ),
    fc.tuple(fc.constant('x-request-id'), fc.oneof(headerValue, fc.constant('r'.repeat(200)))),
    fc.tuple(
      fc.constantFrom(...identityHeaders, 'x-user-id', 'x-anonymous-cart'),
      fc.oneof(
        headerValue,
        fc.constantFrom('1', '2', '0', '-1', '1e3', '00000000-0000-4000-8000-000000000000'),
      ),
    ),
    fc.tuple(
      fc.constantFrom(
        'accept',
        'accept-encoding',
        'origin',
        'referer',
        'sec-fetch-site',
        'x-forwarded-for',
        'range',
        'if-none-match',
        'expect-ct',
        '__proto__',
      ),
      headerValue,
    ),
  );
  const many = fc
    .integer({ min: 50, max: 150 })
    .map((n) => Array.from({ length: n }, (_, i): [string, string] => [`x-fuzz-${i}`, 'v']));
  const long = fc
    .integer({ min: 4_000, max: 12_000 })
    .map((n): [string, string][] => [['x-long', 'h'.repeat(n)]]);
  const contentType = fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: undefined, freq: 4 });
  // A service: half the inputs name a plausible caller (user 1, the suite's shopper, or an anonymous cart), so
  // that they get past the identity checks to the routes' own validation.
  const identity: fc.Arbitrary<[string, string][]> =
    identityHeaders.length === 0
      ? fc.constant<[string, string][]>([])
      : fc.oneof(
          fc.constant<[string, string][]>([]),
          fc.constant<[string, string][]>([['x-user-id', '1']]),
          fc.uuid({ version: 4 }).map((id): [string, string][] => [['x-anonymous-cart', id]]),
        );
  return fc
    .tuple(
      contentType,
      identity,
      fc.array(one, { maxLength: 4 }),
      fc.oneof({ weight: 8, arbitrary: fc.constant([]) }, many, long),
    )
    .map(([type, caller, picked, bulk]) => {
      const headers: [string, string][] = [...caller, ...picked, ...bulk];
      if (type !== undefined) headers.unshift(['content-type', type]);
      // Writes without a declared body still get a JSON type most of the time (what a browser would send).
      else if (route.schemas.body !== undefined) headers.unshift(['content-type', 'application/json']);
      return headers;
    });
}

const ODD_METHODS = [
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'HEAD',
  'PROPFIND',
  'SEARCH',
  'MKCOL',
  'QUERY',
];

/** Every bad request this suite sends to `route`. */
export function requestOf(route: FuzzRoute, identityHeaders: string[]): fc.Arbitrary<FuzzRequest> {
  const paramNames = [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1] ?? '');
  if (route.url.endsWith('*')) paramNames.push('*');
  const paramsSchema =
    isSchema(route.schemas.params) && isSchema(route.schemas.params.properties)
      ? route.schemas.params.properties
      : {};
  const params = fc.tuple(
    ...paramNames.map((name) => segmentOf(paramsSchema[name]).map((v) => [name, v] as const)),
  );
  const pathTail = fc.oneof(
    { weight: 10, arbitrary: fc.constant('') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '/',
        '//',
        '/..',
        '/%2e%2e/health',
        '/x'.repeat(500),
        ';a=b',
        '%20',
        '#frag',
      ),
    },
  );
  const method = fc.oneof(
    { weight: 9, arbitrary: fc.constant(route.method) },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_METHODS) },
  );
  return fc
    .record({
      method,
      params,
      tail: pathTail,
      query: queryOf(route.schemas.querystring),
      headers: headersOf(route, identityHeaders),
      body: bodyOf(route.schemas.body),
    })
    .map(({ method: verb, params: pairs, tail, query, headers, body }) => {
      const path = `${fillPath(route.url, Object.fromEntries(pairs))}${tail}${query}`;
      // A body only where HTTP lets one through (undici refuses a GET/HEAD body).
      const sendBody = verb !== 'GET' && verb !== 'HEAD' ? body : undefined;
      return { method: verb, path, headers, body: sendBody };
    });
}
