// The timeouts and size limits of every storefront server: a slow or oversized client is cut off with a coded
// answer (408, 413, 431) instead of holding a socket forever. A process overrides one by naming it.
import type { ServerOptions } from 'node:http';
import type { FastifyServerOptions } from 'fastify';

/** The kit's defaults (docs/errors.md, "Limits of every server"). */
export const SERVER_LIMITS = {
  /**
   * The whole request (headers and body) must have arrived within 30 s, else 408 REQUEST_TIMEOUT and the
   * connection is closed. It does not bound the answer: a long response (the ops event stream) is not cut.
   */
  requestTimeout: 30_000,
  /** The headers must have arrived within 10 s (same 408). */
  headersTimeout: 10_000,
  /** How often Node looks for requests past those two timeouts (its default, 30 s, would make them ~60 s). */
  connectionsCheckingInterval: 2_000,
  /**
   * An idle keep-alive socket is closed after 72 s (Fastify's default, named). Every storefront client is undici
   * (fetch, reply-from), which closes its idle sockets 2 s before the `Keep-Alive: timeout=72` this announces, so
   * a client never reuses a socket the server has just closed.
   */
  keepAliveTimeout: 72_000,
  /**
   * A socket with no traffic at all for 2 minutes is closed (a client that stopped reading its answer). Longer
   * than any answer the storefront computes; the ops stream writes every second.
   */
  connectionTimeout: 120_000,
  /** Bodies over 1 MiB are refused with 413 PAYLOAD_TOO_LARGE; processes that take less say so. */
  bodyLimit: 1024 * 1024,
  /** Node's default, named: request line and headers over 16 KiB are refused with 431 (414 for the URL). */
  maxHeaderSize: 16 * 1024,
  /** No cap on requests per keep-alive socket (0): every client is a process of the storefront or a browser. */
  maxRequestsPerSocket: 0,
} as const;

/** Fastify's server options plus Node's `http` options, as {@link serverLimits} takes and returns them. */
export type ServerLimitOptions = Omit<FastifyServerOptions, 'http'> & { http?: ServerOptions | null };

/** `server` with the kit's limits wherever it names none. */
export function serverLimits<Options extends ServerLimitOptions>(server?: Options): Options {
  const given = server ?? ({} as Options);
  const http: ServerOptions = {
    headersTimeout: SERVER_LIMITS.headersTimeout,
    connectionsCheckingInterval: SERVER_LIMITS.connectionsCheckingInterval,
    maxHeaderSize: SERVER_LIMITS.maxHeaderSize,
    // Node answers an HTTP/1.1 request without Host itself, with a bare 400 and no body: let it through, so that
    // the host allow-list answers it (403 HOST_NOT_ALLOWED, the envelope).
    requireHostHeader: false,
    ...given.http,
  };
  return {
    requestTimeout: SERVER_LIMITS.requestTimeout,
    keepAliveTimeout: SERVER_LIMITS.keepAliveTimeout,
    connectionTimeout: SERVER_LIMITS.connectionTimeout,
    bodyLimit: SERVER_LIMITS.bodyLimit,
    maxRequestsPerSocket: SERVER_LIMITS.maxRequestsPerSocket,
    ...given,
    http,
  };
}
