// The shopper's Idempotency-Key at the BFF's edge. The BFF keeps no record of it: it derives the key each service
// stores with its effect (so a retry on any replica, after any restart, replays there) and only guards against
// the same key running twice at once in this process (decision 010).
import { createHash } from 'node:crypto';
import { ApiError, definePlugin, idempotencyKeyOf } from '@storefront/service-kit';
import type { FastifyRequest } from 'fastify';
import { identityScope } from '../identity.js';

/** Route `config.idempotency`: whether an `Idempotency-Key` header is accepted or required. */
export type IdempotencyMode = 'optional' | 'required';

declare module 'fastify' {
  interface FastifyContextConfig {
    idempotency?: IdempotencyMode;
  }
  interface FastifyRequest {
    /** The key the services get for this request (derived from the shopper's key and identity), or null. */
    serviceKey: string | null;
  }
}

/**
 * The service-side key: SHA-256 of the caller's scope and the shopper's key, base64url (43 characters, fits
 * every service's key and id patterns). Two shoppers sending the same key get different keys; the raw cookie or
 * cart id never leaves the BFF inside it.
 */
export function deriveServiceKey(scope: string, shopperKey: string): string {
  return createHash('sha256').update(`${scope}\n${shopperKey}`).digest('base64url');
}

/** The derived key of a request whose route declares idempotency, or undefined when it carried none. */
export function serviceKeyOf(request: FastifyRequest): string | undefined {
  return request.serviceKey ?? undefined;
}

/**
 * Reads and checks `Idempotency-Key` on routes with `config.idempotency` (after the session plugin: the key is
 * scoped to the resolved identity), sets `request.serviceKey`, and answers 409 `IDEMPOTENCY_KEY_IN_USE` while a
 * request with the same key runs in this process. Replays (`Idempotent-Replayed`) and 422 for a key reused with
 * another body come from the services, which store the key with the effect.
 */
export const idempotencyPlugin = definePlugin('idempotency', async (app) => {
  const inFlight = new Set<string>();
  const held = new WeakMap<FastifyRequest, string>();
  app.decorateRequest('serviceKey', null);

  app.addHook('preHandler', async (request) => {
    const mode = request.routeOptions.config.idempotency;
    if (!mode) return;
    const key = idempotencyKeyOf(request);
    if (key === undefined) {
      if (mode === 'required') {
        throw new ApiError(400, 'IDEMPOTENCY_KEY_REQUIRED', 'This request needs an Idempotency-Key header');
      }
      return;
    }
    // Sign-up has no identity yet: its key is scoped by the route (the account service scopes it by e-mail).
    const scope = request.identity ? identityScope(request.identity) : `route:${request.routeOptions.url}`;
    const serviceKey = deriveServiceKey(scope, key);
    if (inFlight.has(serviceKey)) {
      throw new ApiError(
        409,
        'IDEMPOTENCY_KEY_IN_USE',
        'A request with this Idempotency-Key is still running',
        {
          headers: { 'Retry-After': '1' },
        },
      );
    }
    inFlight.add(serviceKey);
    held.set(request, serviceKey);
    request.serviceKey = serviceKey;
  });

  // Every request ends here, answered or not (client gone, error): the key is free for a retry.
  app.addHook('onResponse', async (request) => {
    const serviceKey = held.get(request);
    if (serviceKey !== undefined) inFlight.delete(serviceKey);
  });
});
