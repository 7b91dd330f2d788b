// One check, used by every process's tests, that the errors Fastify and Node's HTTP parser raise before any route
// runs (bad URL, 404, 405, 413, 414, 415, 431, garbage) are answered with the one envelope. Requests are written
// raw on a socket (node:net): most of them are what no HTTP client library would send.
import { connect } from 'node:net';

/** What one raw exchange answered. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Writes `data` on a new connection to `port` and reads the answer until it is complete, the server closes or
 * `timeoutMs` passes; rejects when no complete answer came.
 */
export function rawExchange(
  port: number,
  data: string | Buffer,
  host = '127.0.0.1',
  timeoutMs = 30_000,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host });
    const chunks: Buffer[] = [];
    let settled = false;
    const deadline = setTimeout(() => finish(), timeoutMs);
    const finish = (): void => {
      if (settled) return;
      clearTimeout(deadline);
      const answer = parseAnswer(Buffer.concat(chunks));
      if (answer === undefined) {
        settled = true;
        reject(new Error(`no complete HTTP answer (${Buffer.concat(chunks).length} bytes read)`));
        return;
      }
      settled = true;
      socket.destroy();
      resolve(answer);
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (parseAnswer(Buffer.concat(chunks)) !== undefined) finish();
    });
    socket.on('close', finish);
    // The server may close while a large body is still being written (EPIPE, ECONNRESET): read what it answered.
    socket.on('error', () => undefined);
    socket.write(data);
  });
}

/** `bytes` without the interim answers before the real one (`100 Continue` to an `Expect`). */
function withoutInterim(bytes: Buffer): Buffer {
  let rest = bytes;
  while (/^HTTP\/1\.[01] 1\d\d /.test(rest.subarray(0, 13).toString('latin1'))) {
    const end = rest.indexOf('\r\n\r\n');
    if (end === -1) break;
    rest = rest.subarray(end + 4);
  }
  return rest;
}

/** A complete HTTP/1.1 answer in `bytes`, or undefined while more is needed (an event stream's head is whole). */
function parseAnswer(raw: Buffer): RawAnswer | undefined {
  const bytes = withoutInterim(raw);
  const end = bytes.indexOf('\r\n\r\n');
  if (end === -1) return undefined;
  const [statusLine = '', ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = bytes.subarray(end + 4);
  let body: Buffer;
  if (headers['content-type']?.startsWith('text/event-stream')) {
    body = Buffer.alloc(0);
  } else if (headers['transfer-encoding'] === 'chunked') {
    const decoded = dechunk(rest);
    if (decoded === undefined) return undefined;
    body = decoded;
  } else {
    const length = Number(headers['content-length'] ?? 0);
    if (rest.length < length) return undefined;
    body = rest.subarray(0, length);
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: body.toString('utf8') };
}

function dechunk(bytes: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd === -1) return undefined;
    const size = Number.parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (size === 0) return Buffer.concat(parts);
    if (bytes.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** Where to aim the probes of {@link probeEdgeErrors}. */
export interface EdgeProbeOptions {
  port: number;
  /** A path some route answers, and a method none of its routes accepts (405 with `Allow`). */
  knownPath: string;
  wrongMethod: string;
  /** A route that takes a JSON body, and the process's body limit (413, 415); omit where there is none. */
  body?: { method: string; path: string; limit: number };
  /** A path whose last segment is a route parameter: 10,000 characters of it are 414; default: 404. */
  paramPathPrefix?: string;
  /** Headers every probe sends (e.g. `origin`); `Host` is `127.0.0.1:<port>`. */
  headers?: Record<string, string>;
  /** More headers for one probe's method and path (e.g. the BFF's credential a service wants on writes). */
  headersFor?: (method: string, path: string) => Record<string, string>;
  /** Probes not to run (a process that answers them otherwise, said in its test). */
  skip?: readonly string[];
}

/** One probe: what was sent, what was expected and what came back. */
export interface EdgeProbe {
  name: string;
  expected: { status: number; code: string };
  answer: RawAnswer;
}

function requestText(
  opts: EdgeProbeOptions,
  method: string,
  path: string,
  extra: Record<string, string> = {},
  body = '',
): string {
  const headers = {
    host: `127.0.0.1:${opts.port}`,
    connection: 'close',
    ...opts.headers,
    ...opts.headersFor?.(method, path),
    ...extra,
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `${method} ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** Sends each malformed or refused request and returns what each answered. */
export async function probeEdgeErrors(opts: EdgeProbeOptions): Promise<EdgeProbe[]> {
  const long = 'a'.repeat(10_000);
  const probes: Array<{ name: string; expected: EdgeProbe['expected']; data: string }> = [
    {
      name: 'no such route',
      expected: { status: 404, code: 'NOT_FOUND' },
      data: requestText(opts, 'GET', '/no/such/route-x'),
    },
    {
      name: 'unknown method on a known path',
      expected: { status: 405, code: 'METHOD_NOT_ALLOWED' },
      data: requestText(opts, opts.wrongMethod, opts.knownPath, { 'content-length': '0' }),
    },
    {
      name: 'malformed percent-encoding',
      expected: { status: 400, code: 'INVALID_URL' },
      data: requestText(opts, 'GET', '/%zz'),
    },
    {
      name: 'a 10,000-character path segment',
      expected: opts.paramPathPrefix
        ? { status: 414, code: 'URL_TOO_LONG' }
        : { status: 404, code: 'NOT_FOUND' },
      data: requestText(opts, 'GET', `${opts.paramPathPrefix ?? '/no-such-route/'}${long}`),
    },
    {
      name: 'a URL over 16 KiB',
      expected: { status: 414, code: 'URL_TOO_LONG' },
      data: requestText(opts, 'GET', `/${'b'.repeat(20_000)}`),
    },
    {
      name: 'headers over 16 KiB',
      expected: { status: 431, code: 'HEADERS_TOO_LARGE' },
      data: requestText(opts, 'GET', opts.knownPath, { 'x-big': 'c'.repeat(20_000) }),
    },
    {
      name: 'a request line that is not HTTP',
      expected: { status: 400, code: 'BAD_REQUEST' },
      data: 'NOT HTTP AT ALL\r\n\r\n',
    },
    {
      name: 'an unacceptable request id',
      expected: { status: 404, code: 'NOT_FOUND' },
      data: requestText(opts, 'GET', '/no/such/route-y', { 'x-request-id': 'bad id'.repeat(40) }),
    },
  ];
  if (opts.body) {
    const { method, path, limit } = opts.body;
    const big = `{"x":"${'d'.repeat(limit)}"}`;
    probes.push(
      {
        name: 'a body over the limit',
        expected: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
        data: requestText(
          opts,
          method,
          path,
          { 'content-type': 'application/json', 'content-length': String(big.length) },
          big,
        ),
      },
      {
        name: 'a body of another media type',
        expected: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
        data: requestText(opts, method, path, { 'content-type': 'text/csv', 'content-length': '3' }, 'a,b'),
      },
    );
  }
  const results: EdgeProbe[] = [];
  for (const probe of probes) {
    if (opts.skip?.includes(probe.name)) continue;
    results.push({
      name: probe.name,
      expected: probe.expected,
      answer: await rawExchange(opts.port, probe.data),
    });
  }
  return results;
}

/** What is wrong with one probe's answer, or undefined when it is the expected envelope. */
export function edgeProbeProblem(probe: EdgeProbe): string | undefined {
  const { answer, expected } = probe;
  let body: { error?: { code?: unknown; message?: unknown }; meta?: { requestId?: unknown } };
  try {
    body = JSON.parse(answer.body) as typeof body;
  } catch {
    return `${answer.status} with a body that is not JSON: ${answer.body.slice(0, 120)}`;
  }
  const code = body.error?.code;
  if (answer.status !== expected.status || code !== expected.code) {
    return `expected ${expected.status} ${expected.code}, got ${answer.status} ${String(code)}`;
  }
  if (typeof body.error?.message !== 'string' || body.error.message.includes('a'.repeat(300))) {
    return 'the message is missing or quotes the URL back';
  }
  const requestId = body.meta?.requestId;
  if (typeof requestId !== 'string' || !/^[A-Za-z0-9._:@-]{1,128}$/.test(requestId)) {
    return `meta.requestId is not a well-formed id: ${String(requestId)}`;
  }
  if (answer.headers['x-request-id'] !== requestId) return 'x-request-id header differs from meta.requestId';
  if (expected.status === 405 && !answer.headers.allow) return 'a 405 without an Allow header';
  return undefined;
}

/** Runs {@link probeEdgeErrors} and throws one error listing every probe that was not answered as expected. */
export async function expectEdgeErrors(opts: EdgeProbeOptions): Promise<EdgeProbe[]> {
  const probes = await probeEdgeErrors(opts);
  const problems = probes
    .map((probe) => [probe.name, edgeProbeProblem(probe)] as const)
    .filter(([, problem]) => problem !== undefined)
    .map(([name, problem]) => `${name}: ${problem}`);
  if (problems.length > 0) throw new Error(`edge errors not enveloped:\n  ${problems.join('\n  ')}`);
  return probes;
}
