import { ApiError, definePlugin } from '@storefront/service-kit';
import { answerOnce } from '@storefront/service-kit/sqlite';
import type { PutLineInput } from '../db/types.js';
import type { ErrorCode } from '../lib/error-codes.js';
import { anonymousOwnerKey } from '../lib/identity.js';
import { identityOf, requireIdentity, requireUser, userOf } from '../plugins/identity-plugin.js';
import { mergeBodySchema, putLineBodySchema } from './schemas.js';

interface ProductParams {
  productId: string;
}

const PRODUCT_ID = /^[1-9][0-9]{0,14}$/;

/** A positive integer product id from the path, else 400 `INVALID_REQUEST` naming it. */
export function parseProductId(raw: string): number {
  if (!PRODUCT_ID.test(raw)) {
    throw new ApiError<ErrorCode>(400, 'INVALID_REQUEST', 'productId must be a positive integer.', {
      details: { param: 'productId' },
    });
  }
  return Number(raw);
}

/**
 * `GET /cart`, `PUT|DELETE /cart/lines/:productId` and `POST /cart/merge`. The writes take an `Idempotency-Key`
 * (the BFF's): the key and the answer are stored in the same transaction as the change, per cart owner, so a retry
 * replays the answer (`Idempotent-Replayed: true`) instead of changing the cart twice.
 */
export const cartRoutes = definePlugin(
  'cart-routes',
  async (app) => {
    app.get('/cart', { onRequest: requireIdentity }, async (request) => {
      return { cart: app.db.getCart(identityOf(request).ownerKey) };
    });

    app.put<{ Params: ProductParams; Body: PutLineInput }>(
      '/cart/lines/:productId',
      { onRequest: requireIdentity, schema: { body: putLineBodySchema } },
      async (request, reply) => {
        const productId = parseProductId(request.params.productId);
        const { ownerKey } = identityOf(request);
        const { mode, quantity } = request.body;
        // Not the snapshot: the BFF reads it from the catalog again on each retry, and it may have moved.
        return answerOnce(request, reply, { caller: ownerKey, fingerprint: { mode, quantity } }, () => {
          const result = app.db.putLine(ownerKey, productId, request.body);
          if (result.kind === 'snapshot-required') {
            throw new ApiError<ErrorCode>(
              400,
              'SNAPSHOT_REQUIRED',
              'This product is not in the cart yet: send its snapshot.',
              { details: { field: 'snapshot' } },
            );
          }
          return { status: 200, body: { cart: result.cart } };
        });
      },
    );

    app.delete<{ Params: ProductParams }>(
      '/cart/lines/:productId',
      { onRequest: requireIdentity },
      async (request, reply) => {
        const productId = parseProductId(request.params.productId);
        const { ownerKey } = identityOf(request);
        return answerOnce(request, reply, { caller: ownerKey, fingerprint: null }, () => ({
          status: 200,
          body: { cart: app.db.removeLine(ownerKey, productId) },
        }));
      },
    );

    app.post<{ Body: { anonymousCartId: string } }>(
      '/cart/merge',
      { onRequest: requireUser, schema: { body: mergeBodySchema } },
      async (request, reply) => {
        const user = userOf(request);
        return answerOnce(request, reply, { caller: user.ownerKey, fingerprint: request.body }, () => {
          const result = app.db.merge(user.ownerKey, anonymousOwnerKey(request.body.anonymousCartId));
          // The anonymous cart id is a cookie value: log only the outcome, never the id.
          request.log.info({ userId: user.userId, mergedLines: result.mergedLines }, 'anonymous cart merged');
          return { status: 200, body: { cart: result.cart } };
        });
      },
    );
  },
  { encapsulate: true },
);
