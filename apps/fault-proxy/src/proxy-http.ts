// The wire-level helpers of a target proxy: which headers pass, and the one error envelope the proxy writes
// itself on a proxied connection.
import type http from 'node:http';
import { errorBody, REQUEST_ID_HEADER, requestIdOf } from '@storefront/service-kit';
import type { ErrorCode } from './errors.js';

/**
 * Answers a proxied request itself with the envelope every storefront process uses, under the caller's request id
 * (or a new one), so that an injected failure reads like any other error.
 */
export function sendError(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  status: number,
  code: ErrorCode,
  message: string,
  target: string,
): void {
  const requestId = requestIdOf(req);
  const text = JSON.stringify(errorBody(code, message, requestId, { target }));
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    [REQUEST_ID_HEADER]: requestId,
  });
  res.end(text);
}

/**
 * Hop-by-hop headers describe one connection, not the message, so they are not passed on (RFC 9110 7.6.1): an
 * upstream's `Keep-Alive: timeout=72` must not make a client keep an idle socket the proxy closes after 5 s.
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'upgrade']);

function hopByHopNames(connection: string | undefined): Set<string> {
  const names = new Set(HOP_BY_HOP);
  for (const token of (connection ?? '').split(',')) {
    const name = token.trim().toLowerCase();
    if (name !== '') names.add(name);
  }
  return names;
}

/** The request headers to send upstream: all of them but the hop-by-hop ones. */
export function requestHeadersToForward(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const drop = hopByHopNames(headers.connection);
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !drop.has(name)));
}

/** The raw (name, value, name, value…) response headers to send back: all but the hop-by-hop ones. */
export function responseHeadersToForward(rawHeaders: string[]): string[] {
  let connection: string | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() === 'connection') connection = rawHeaders[i + 1];
  }
  const drop = hopByHopNames(connection);
  const kept: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] ?? '';
    if (!drop.has(name.toLowerCase())) kept.push(name, rawHeaders[i + 1] ?? '');
  }
  return kept;
}

/** A socket error's code (ECONNREFUSED…), else its message. */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : 'unknown error';
}
