import httpProxy from '@fastify/http-proxy';
import { ApiError, REQUEST_ID_HEADER, sendError } from '@storefront/service-kit';
import type { FastifyInstance } from 'fastify';

/**
 * Proxies `/api/*` to `upstream` keeping the path. Request headers and every response header
 * (Storefront-Degraded, Retry-After, ...) pass through unchanged, this host's request id goes along as
 * x-request-id, the client's address is appended to x-forwarded-for, and an unreachable BFF becomes a coded 502.
 */
export async function registerApiProxy(app: FastifyInstance, upstream: string): Promise<void> {
  await app.register(httpProxy, {
    upstream,
    prefix: '/api',
    rewritePrefix: '/api',
    // No "fetching from remote server" line per call: the BFF logs every request with its id.
    disableRequestLogging: true,
    replyOptions: {
      // reply-from retries a GET answered 503 up to 10 times by default. The BFF already retries what is safe
      // and answers 503 on purpose (breaker open): retrying it here would multiply every call by 11.
      retryDelay: () => null,
      // The BFF sees this host as its client; it needs the browser's address (the fault API answers loopback
      // clients only). Appending, never replacing, means a forged x-forwarded-for cannot hide the real client.
      rewriteRequestHeaders(request, headers) {
        const previous = headers['x-forwarded-for'];
        const chain = [typeof previous === 'string' ? previous : '', request.socket.remoteAddress ?? '']
          .filter((part) => part !== '')
          .join(', ');
        // The caller's id when it was acceptable, else the one this host made: one id in both logs.
        return { ...headers, 'x-forwarded-for': chain, [REQUEST_ID_HEADER]: request.id };
      },
      onError(reply, { error }) {
        reply.log.warn({ upstream, reason: error.message }, 'BFF request failed');
        const unavailable = new ApiError(502, 'BFF_UNAVAILABLE', 'The API (BFF) is unavailable');
        sendError(reply.request, reply.header('cache-control', 'no-store'), unavailable);
      },
    },
  });
}
