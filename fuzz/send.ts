// Sends fuzz requests over real HTTP (undici, or a raw socket for what no client library would write) and says
// what is wrong with an answer: a 5xx other than 503 UPSTREAM_UNAVAILABLE, or an error without the one envelope.
import { rawExchange } from '@storefront/service-kit/testing';
import { errors, getGlobalDispatcher } from 'undici';
import type { FuzzRequest } from './inputs.js';

export interface FuzzAnswer {
  /** undefined: the connection closed without an answer. */
  status: number | undefined;
  contentType: string;
  body: string;
  via: 'undici' | 'raw';
}

/** The only 5xx a caller may get from the stack when every process is up. */
const ALLOWED_5XX_CODES = new Set(['UPSTREAM_UNAVAILABLE']);

const MAX_BODY = 64 * 1024;

/** The request ids the processes keep from a caller or make (docs/errors.md). */
const REQUEST_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/** Writes `bytes` on a fresh connection and reads the first answer (the kit's raw exchange; 30 s at most). */
export async function sendRaw(port: number, bytes: Buffer | string): Promise<FuzzAnswer> {
  try {
    const answer = await rawExchange(port, bytes);
    const status = Number.isInteger(answer.status) ? answer.status : undefined;
    return { status, contentType: answer.headers['content-type'] ?? '', body: answer.body, via: 'raw' };
  } catch (error) {
    return { status: undefined, contentType: '', body: String(error), via: 'raw' };
  }
}

/** Writes a FuzzRequest by hand (for paths and methods undici refuses to send). */
function rawBytes(req: FuzzRequest, port: number): Buffer {
  const body = req.body === undefined ? undefined : Buffer.from(req.body);
  const head = [
    `${req.method} ${req.path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Connection: close',
    ...req.headers.map(([name, value]) => `${name}: ${value}`),
    ...(body ? [`Content-Length: ${body.length}`] : []),
  ];
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), ...(body ? [body] : [])]);
}

/** Sends one request with undici; what undici refuses to write goes over a raw socket instead. */
export async function send(baseUrl: string, port: number, req: FuzzRequest): Promise<FuzzAnswer> {
  try {
    // The dispatcher takes the path as it is: no URL parsing, so no normalisation of what the suite sends.
    const answer = await getGlobalDispatcher().request({
      origin: baseUrl,
      path: req.path,
      method: req.method,
      headers: req.headers.flat(),
      body: req.body,
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
    const contentType = String(answer.headers['content-type'] ?? '');
    if (contentType.startsWith('text/event-stream')) {
      // An event stream never ends: its head is the answer (undici then reports the abort on the body).
      answer.body.on('error', () => undefined);
      answer.body.destroy();
      return { status: answer.statusCode, contentType, body: '', via: 'undici' };
    }
    const body = await answer.body.text();
    return { status: answer.statusCode, contentType, body: body.slice(0, MAX_BODY), via: 'undici' };
  } catch (error) {
    if (error instanceof errors.InvalidArgumentError || error instanceof errors.NotSupportedError) {
      return sendRaw(port, rawBytes(req, port));
    }
    // The server closed the connection without answering (a socket error): report it as no answer.
    if (error instanceof errors.SocketError || (error as { code?: string }).code === 'ECONNRESET') {
      return { status: undefined, contentType: '', body: String(error), via: 'undici' };
    }
    throw error;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What is wrong with an answer to `method`; empty when it is fine. */
export function problemsOf(answer: FuzzAnswer, method: string): string[] {
  const { status } = answer;
  if (status === undefined) return ['no answer: the connection closed without a status line'];
  if (status < 400) return [];
  const problems: string[] = [];
  if (!/^application\/json\b/i.test(answer.contentType)) {
    problems.push(`error answer with content type "${answer.contentType}"`);
  }
  let code: unknown;
  if (method !== 'HEAD') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.body);
    } catch {
      problems.push('error body is not JSON');
    }
    const error = isRecord(parsed) ? parsed.error : undefined;
    const meta = isRecord(parsed) ? parsed.meta : undefined;
    code = isRecord(error) ? error.code : undefined;
    if (!isRecord(error) || typeof error.code !== 'string' || typeof error.message !== 'string') {
      problems.push('error body has no { error: { code: string, message: string } }');
    }
    if (!isRecord(meta) || typeof meta.requestId !== 'string' || meta.requestId === '') {
      problems.push('error body has no { meta: { requestId: string } }');
    } else if (!REQUEST_ID.test(meta.requestId)) {
      // A caller's junk x-request-id must have been replaced, never echoed.
      problems.push(`meta.requestId is not a well-formed id: ${JSON.stringify(meta.requestId.slice(0, 80))}`);
    }
  }
  if (status >= 500 && !(status === 503 && method !== 'HEAD' && ALLOWED_5XX_CODES.has(String(code)))) {
    problems.push(`status ${status} ${String(code ?? '')}`.trim());
  }
  return problems;
}

/** A short, printable description of a request (long values cut), for failure messages. */
export function describe(req: FuzzRequest): string {
  const cut = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…(${text.length} chars)` : text);
  const headers =
    req.headers.length > 8
      ? `${req.headers.length} headers`
      : JSON.stringify(req.headers.map(([n, v]) => [n, cut(v)]));
  return `${req.method} ${cut(req.path)} headers=${headers} body=${req.body === undefined ? '-' : JSON.stringify(cut(req.body))}`;
}
