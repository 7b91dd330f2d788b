import { ApiError, definePlugin } from '@storefront/service-kit';
import type { PutLineInput } from '../db/types.js';
import type { ErrorCode } from '../lib/error-codes.js';
import { anonymousOwnerKey } from '../lib/identity.js';
import { identityOf, requireIdentity, requireUser, userOf } from '../plugins/identity-plugin.js';
import { mergeBodySchema, putLineBodySchema } from './schemas.js';

interface ProductParams {
  productId: string;
}

const PRODUCT_ID = /^[1-9][0-9]{0,14}$/;

/** A positive integer product id from the path, else 400 `INVALID_PARAMS`. */
export function parseProductId(raw: string): number {
  if (!PRODUCT_ID.test(raw)) {
    throw new ApiError<ErrorCode>(400, 'INVALID_PARAMS', 'productId must be a positive integer.', {
      details: { param: 'productId' },
    });
  }
  return Number(raw);
}

/** `GET /cart`, `PUT|DELETE /cart/lines/:productId` and `POST /cart/merge`. */
export const cartRoutes = definePlugin(
  'cart-routes',
  async (app) => {
    app.get('/cart', { onRequest: requireIdentity }, async (request) => {
      return { cart: app.db.getCart(identityOf(request).ownerKey) };
    });

    app.put<{ Params: ProductParams; Body: PutLineInput }>(
      '/cart/lines/:productId',
      { onRequest: requireIdentity, schema: { body: putLineBodySchema } },
      async (request) => {
        const productId = parseProductId(request.params.productId);
        const result = app.db.putLine(identityOf(request).ownerKey, productId, request.body);
        if (result.kind === 'snapshot-required') {
          throw new ApiError<ErrorCode>(
            400,
            'SNAPSHOT_REQUIRED',
            'This product is not in the cart yet: send its snapshot.',
            { details: { field: 'snapshot' } },
          );
        }
        return { cart: result.cart };
      },
    );

    app.delete<{ Params: ProductParams }>(
      '/cart/lines/:productId',
      { onRequest: requireIdentity },
      async (request) => {
        const productId = parseProductId(request.params.productId);
        return { cart: app.db.removeLine(identityOf(request).ownerKey, productId) };
      },
    );

    app.post<{ Body: { anonymousCartId: string } }>(
      '/cart/merge',
      { onRequest: requireUser, schema: { body: mergeBodySchema } },
      async (request) => {
        const user = userOf(request);
        const result = app.db.merge(user.ownerKey, anonymousOwnerKey(request.body.anonymousCartId));
        // The anonymous cart id is a cookie value: log only the outcome, never the id.
        request.log.info({ userId: user.userId, mergedLines: result.mergedLines }, 'anonymous cart merged');
        return { cart: result.cart };
      },
    );
  },
  { encapsulate: true },
);
