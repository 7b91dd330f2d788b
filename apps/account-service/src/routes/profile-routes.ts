import { ApiError, definePlugin } from '@storefront/service-kit';
import { answerOnce } from '@storefront/service-kit/sqlite';
import type { FastifyRequest } from 'fastify';
import type { ShippingAddress } from '../db/types.js';
import { type ErrorCode, invalidBody } from '../lib/error-codes.js';
import { requireText } from '../lib/normalize.js';
import { NAME_MAX, NAME_MIN, profileBodySchema } from './schemas.js';

interface ProfileBody {
  name: string;
  shippingAddress: ShippingAddress | null;
}

// Positive integer ids only; 15 digits keeps them safe integers.
const USER_ID = /^[1-9]\d{0,14}$/;

/** The caller's user id from the trusted `x-user-id` header set by the BFF; 400 USER_REQUIRED otherwise. */
export function userIdOf(request: FastifyRequest): number {
  const header = request.headers['x-user-id'];
  if (typeof header !== 'string' || !USER_ID.test(header)) {
    throw new ApiError<ErrorCode>(400, 'USER_REQUIRED', 'Header x-user-id with a user id is required.');
  }
  return Number(header);
}

/** Trims every address field and re-checks the lengths; an empty `line2` is dropped. */
function normalizeAddress(address: ShippingAddress): ShippingAddress {
  const line1 = requireText(address.line1, 'shippingAddress.line1', 1, 120);
  const line2 =
    address.line2 === undefined ? '' : requireText(address.line2, 'shippingAddress.line2', 0, 120);
  const city = requireText(address.city, 'shippingAddress.city', 1, 80);
  const postalCode = requireText(address.postalCode, 'shippingAddress.postalCode', 1, 16);
  if (!/^[A-Z]{2}$/.test(address.country)) {
    throw invalidBody(
      'shippingAddress.country',
      'Invalid field "shippingAddress.country": expected 2 capital letters.',
    );
  }
  return line2 === ''
    ? { line1, city, postalCode, country: address.country }
    : { line1, line2, city, postalCode, country: address.country };
}

function userNotFound(): ApiError<ErrorCode> {
  return new ApiError<ErrorCode>(404, 'USER_NOT_FOUND', 'No user with this id.');
}

/** `GET /profile` and `PUT /profile` for the user named by `x-user-id`. */
export const profileRoutes = definePlugin(
  'account-profile-routes',
  async (app) => {
    app.get('/profile', async (request) => {
      const profile = app.db.findProfile(userIdOf(request));
      if (!profile) throw userNotFound();
      return { profile };
    });

    // With an `Idempotency-Key` (scoped to the user) the change is made at most once and a retry replays the
    // first answer with `Idempotent-Replayed: true`, even if the profile changed since: it answers that request.
    app.put<{ Body: ProfileBody }>(
      '/profile',
      { schema: { body: profileBodySchema } },
      async (request, reply) => {
        const userId = userIdOf(request);
        const name = requireText(request.body.name, 'name', NAME_MIN, NAME_MAX);
        const shippingAddress =
          request.body.shippingAddress === null ? null : normalizeAddress(request.body.shippingAddress);
        return answerOnce(request, reply, { caller: `user:${userId}`, fingerprint: request.body }, () => {
          const profile = app.db.updateProfile(userId, { name, shippingAddress }, app.now());
          // Thrown inside the ledger's transaction: nothing is stored, a retry asks again.
          if (!profile) throw userNotFound();
          return { status: 200, body: { profile } };
        });
      },
    );
  },
  { encapsulate: true },
);
