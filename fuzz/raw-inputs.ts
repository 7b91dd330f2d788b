// Requests no HTTP client library would write, sent byte for byte on a socket: headers over Node's 16 KiB limit,
// odd methods and versions, raw bytes in the path, broken header lines, conflicting or broken framing.
import fc from 'fast-check';

/** Paths a raw request may name (a real route of the target, or none). */
function pathOf(paths: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...paths) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '/%zz',
        '/%',
        '/api/catalog/products/%E0%A4%A',
        '/ü',
        '/\u00ff\u00fe',
        '//..//..//',
        '*',
        'http://evil.example/health',
        '/health?%zz',
        '/health#x',
        `/${'a'.repeat(9_000)}`,
        `/health?${'q=1&'.repeat(3_000)}`,
      ),
    },
  );
}

const METHODS = [
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'get',
  'FOO',
  'CONNECT',
  'TRACE',
  'M-SEARCH',
  'PRI',
  'G ET',
  'OPTIONS',
];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTX/1.1', ''];

/** Header blocks, from harmless to over the limit or broken. */
const headerBlock: fc.Arbitrary<readonly string[]> = fc.oneof(
  { weight: 3, arbitrary: fc.constant([]) },
  { weight: 2, arbitrary: fc.integer({ min: 17_000, max: 40_000 }).map((n) => [`X-Long: ${'h'.repeat(n)}`]) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1_000, max: 3_000 })
      .map((n) => Array.from({ length: n }, (_, i) => `X-H${i}: v`)),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      ['Foo bar'],
      ['Bad Name: x'],
      [' folded: x'],
      ['X: a', ' continued'],
      ['X-Nul: a\u0000b'],
      ['Content-Length: -1'],
      ['Content-Length: abc'],
      ['Content-Length: 1', 'Content-Length: 2'],
      ['Content-Length: 3', 'Transfer-Encoding: chunked'],
      ['Transfer-Encoding: chunked, identity'],
      ['Transfer-Encoding: gzip'],
      ['Expect: 100-continue'],
      ['Upgrade: websocket', 'Connection: Upgrade'],
      ['Cookie: sf_session=\u00ff\u00fe'],
      ['X-Request-Id: \u00e9\u00e9'],
    ),
  },
);

const bodies = fc.constantFrom(
  '',
  '{}',
  '{"a":',
  'zz\r\n',
  '0\r\n\r\n',
  '5\r\nhello\r\n0\r\n\r\n',
  'x'.repeat(100),
);

/** One raw request to a target whose real paths are `paths`; always asks the server to close afterwards. */
export function rawRequestOf(paths: string[]): fc.Arbitrary<string> {
  return fc
    .record({
      method: fc.oneof(
        { weight: 4, arbitrary: fc.constant('GET') },
        { weight: 2, arbitrary: fc.constantFrom(...METHODS) },
      ),
      path: pathOf(paths),
      version: fc.oneof(
        { weight: 6, arbitrary: fc.constant('HTTP/1.1') },
        { weight: 1, arbitrary: fc.constantFrom(...VERSIONS) },
      ),
      host: fc.oneof(
        { weight: 8, arbitrary: fc.constant(true) },
        { weight: 1, arbitrary: fc.constant(false) },
      ),
      headers: headerBlock,
      body: bodies,
    })
    .map(({ method, path, version, host, headers, body }) => {
      const framing = headers.some((h) => /^(content-length|transfer-encoding):/i.test(h));
      const lines = [
        `${method} ${path}${version ? ` ${version}` : ''}`,
        ...(host ? ['Host: 127.0.0.1'] : []),
        'Connection: close',
        ...headers,
        ...(framing || body === '' ? [] : [`Content-Length: ${Buffer.byteLength(body)}`]),
      ];
      return `${lines.join('\r\n')}\r\n\r\n${body}`;
    });
}
