import httpProxy, { type FastifyHttpProxyOptions } from '@fastify/http-proxy';
import { ApiError, REQUEST_ID_HEADER, sendError } from '@storefront/service-kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UpstreamPool } from './upstreams.js';

/** Options of {@link registerApiProxy}. */
export interface ApiProxyOptions {
  /** Base URLs of the BFF replicas. */
  upstreams: readonly string[];
  /** Health check period and timeout (tests shorten or lengthen them). */
  health?: { intervalMs?: number; timeoutMs?: number };
}

/** reply-from's per-call options (its types come along with http-proxy's, which this workspace depends on). */
type FastifyReplyFromHooks = NonNullable<FastifyHttpProxyOptions['replyOptions']>;
/** The reply as reply-from's onError sees it (any raw server). */
type ProxyReply = Parameters<NonNullable<FastifyReplyFromHooks['onError']>>[0];

/** The JSON bodies the BFF accepts are at most 1 MiB; buffering them is what makes a retry possible. */
const BODY_LIMIT = 1024 * 1024;

/**
 * Failures that happen before the upstream wrote a byte of its answer: refused, or the connection dropped
 * (the replica died mid-request). Only these are retried: a refusal always, a dropped connection only for
 * requests safe to repeat.
 */
const RETRYABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** The first retryable code in an error, its causes and (for "localhost" dual-stack connects) its errors. */
function retryableCode(error: unknown, depth = 0): string | undefined {
  if (!(error instanceof Error) || depth > 4) return undefined;
  const code = 'code' in error ? String(error.code) : '';
  if (RETRYABLE.has(code)) return code;
  if (error.message === 'socket hang up') return 'ECONNRESET';
  const nested = [error.cause, ...(error instanceof AggregateError ? error.errors : [])];
  for (const inner of nested) {
    const found = retryableCode(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** GET and HEAD, and writes the BFF deduplicates by their Idempotency-Key, may reach a second replica. */
function safeToRepeat(request: FastifyRequest): boolean {
  const key = request.headers['idempotency-key'];
  return request.method === 'GET' || request.method === 'HEAD' || (typeof key === 'string' && key !== '');
}

/** The buffered body, handed to reply-from as is (it would re-encode a parsed JSON body). */
function bodyOf(request: FastifyRequest): Pick<FastifyReplyFromHooks, 'body' | 'contentType'> {
  if (!Buffer.isBuffer(request.body)) return {};
  // reply-from refuses a body on GET/HEAD; there is none to forward anyway.
  if (request.method === 'GET' || request.method === 'HEAD') return { body: null };
  return { body: request.body, contentType: request.headers['content-type'] ?? 'application/octet-stream' };
}

/**
 * Proxies `/api/*` to the BFF replicas keeping the path, round-robin over the healthy ones. Request headers and
 * every response header (Storefront-Degraded, Retry-After, ...) pass through unchanged, this host's request id goes
 * along as x-request-id, the client's address is appended to x-forwarded-for, and a request that no replica
 * answers becomes a coded 502.
 *
 * Balancing is ours, on top of @fastify/http-proxy 11 / @fastify/reply-from 12: reply-from's `getUpstream` picks
 * the origin of one call, but its own retries repeat the same URL (and only for GET without a body), and its
 * undici BalancedPool (`base` as a list) has no active health check and never retries on another origin. So the
 * `handler` hook picks a replica per attempt, and `onError` (called only when no response has started: nothing
 * reached the browser yet) sends the request to the next replica.
 */
export async function registerApiProxy(app: FastifyInstance, opts: ApiProxyOptions): Promise<void> {
  const pool = new UpstreamPool({ urls: opts.upstreams, log: app.log, ...opts.health });
  pool.start();
  app.addHook('onClose', async () => pool.stop());

  // Bodies are read whole instead of streamed, so that one can be sent again to another replica. This plugin's
  // scope only: every content type, as bytes, unchanged.
  app.removeAllContentTypeParsers();
  const asBytes = (_request: FastifyRequest, body: Buffer, done: (err: null, body: Buffer) => void) => {
    done(null, body);
  };
  // JSON named as well as the catch-all: Fastify caches the lookup of a named type, not of '*' (a few % of this
  // host's CPU per call, docs/benchmarks.md section 7).
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, asBytes);
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, asBytes);

  const replyOptions: FastifyReplyFromHooks = {
    // reply-from retries a GET answered 503 up to 10 times by default. The BFF already retries what is safe
    // and answers 503 on purpose (breaker open): retrying it here would multiply every call by 11.
    retryDelay: () => null,
    // http-proxy calls this once per request, before the handler below: the first replica to try.
    getUpstream: () => pool.next() ?? opts.upstreams[0] ?? '',
    // The BFF sees this host as its client; it needs the browser's address (the fault API answers loopback
    // clients only). Appending, never replacing, means a forged x-forwarded-for cannot hide the real client.
    rewriteRequestHeaders(request, headers) {
      const previous = headers['x-forwarded-for'];
      const chain = [typeof previous === 'string' ? previous : '', request.socket.remoteAddress ?? '']
        .filter((part) => part !== '')
        .join(', ');
      // The caller's trace context goes on as this host's own: the HTTP client instrumentation adds the
      // `traceparent` of the forwarding span (a second one beside the caller's would make both unreadable).
      const { traceparent: _caller, tracestate: _state, ...forwarded } = headers;
      // The caller's id when it was acceptable, else the one this host made: one id in both logs.
      return { ...forwarded, 'x-forwarded-for': chain, [REQUEST_ID_HEADER]: request.id };
    },
  };

  /** One attempt on `upstream`; on a connection failure, the next replica if the request is safe to repeat. */
  const forward = (
    request: FastifyRequest,
    reply: ProxyReply,
    dest: string,
    options: FastifyReplyFromHooks,
    upstream: string,
    tried: Set<string>,
  ): ProxyReply => {
    tried.add(upstream);
    return reply.from(dest, {
      ...options,
      ...bodyOf(request),
      getUpstream: () => upstream,
      onError(failed, { error }) {
        const code = retryableCode(error);
        if (code === 'ECONNREFUSED') pool.markDown(upstream, code);
        // A refused connection sent nothing: any request may go to the next replica. A reset after sending may
        // follow an effect, so only requests safe to repeat do.
        const retry = code === 'ECONNREFUSED' || (code !== undefined && safeToRepeat(request));
        const next = retry ? pool.next(tried) : undefined;
        if (next !== undefined && !failed.sent) {
          forward(request, failed, dest, options, next, tried);
          return;
        }
        failed.log.warn({ upstream, tried: [...tried], reason: error.message }, 'BFF request failed');
        const unavailable = new ApiError(502, 'BFF_UNAVAILABLE', 'The API (BFF) is unavailable');
        sendError(failed.request, failed.header('cache-control', 'no-store'), unavailable);
      },
    });
  };

  await app.register(httpProxy, {
    // Empty: every call's origin comes from getUpstream (with a fixed `upstream`, reply-from's undici client
    // would send every call to that one origin whatever getUpstream answers).
    upstream: '',
    prefix: '/api',
    rewritePrefix: '/api',
    // No "fetching from remote server" line per call: the BFF logs every request with its id.
    disableRequestLogging: true,
    // The buffering parser above replaces http-proxy's, which hands reply-from the request stream (read once).
    proxyPayloads: false,
    replyOptions,
    handler(request, reply, dest, options) {
      const first = options.getUpstream?.(request, '') ?? pool.next() ?? '';
      return forward(request, reply, dest, options, first, new Set());
    },
  });
}
