// `/api/account/*`: sign-up, sign-in, sign-out, the current user and the profile (account service).
import { DataMeta, errorResponse, IdempotencyHeaders, Meta, Unavailable } from './common.js';
import { ShippingAddress, ShippingAddressInput } from './orders.js';
import { defineRoute, Nullable, type Static, Type } from './schema.js';

/** A signed-in shopper as the browser sees them. */
export const User = Type.Object({ id: Type.Integer(), email: Type.String(), name: Type.String() });
export type User = Static<typeof User>;

/** The signed-in shopper's profile. */
export const Profile = Type.Object({
  userId: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  shippingAddress: Nullable(ShippingAddress),
});
export type Profile = Static<typeof Profile>;

const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' });
const Password = Type.String({ minLength: 8, maxLength: 128 });
const Name = Type.String({ minLength: 1, maxLength: 100 });

export const SignUpBody = Type.Object(
  { email: Email, password: Password, name: Name },
  { additionalProperties: false },
);
export type SignUpBody = Static<typeof SignUpBody>;

export const SignInBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254 }), password: Password },
  { additionalProperties: false },
);
export type SignInBody = Static<typeof SignInBody>;

export const ProfileBody = Type.Object(
  { name: Name, shippingAddress: Type.Union([ShippingAddressInput, Type.Null()]) },
  { additionalProperties: false },
);
export type ProfileBody = Static<typeof ProfileBody>;

export const SignedInAnswer = Type.Object(
  { user: User, meta: Meta },
  { description: 'Signed in; the sf_session cookie is set and the anonymous cart merged' },
);
export type SignedInAnswer = Static<typeof SignedInAnswer>;

export const SignedOutAnswer = Type.Object({ user: Type.Null(), meta: Meta }, { description: 'Signed out' });
export type SignedOutAnswer = Static<typeof SignedOutAnswer>;

export const MeAnswer = Type.Object(
  { user: Nullable(User), meta: DataMeta },
  { description: 'The current user' },
);
export type MeAnswer = Static<typeof MeAnswer>;

export const AccountStatusAnswer = Type.Object(
  { available: Type.Literal(true), meta: Meta },
  { description: 'The account service answers' },
);
export type AccountStatusAnswer = Static<typeof AccountStatusAnswer>;

export const ProfileAnswer = Type.Object(
  { profile: Profile, meta: DataMeta },
  { description: 'The profile' },
);
export type ProfileAnswer = Static<typeof ProfileAnswer>;

/** The 429 of sign-in and sign-up (counted together, per client address and per e-mail). */
const RATE_LIMITED_DESCRIPTION =
  'Too many sign-in/sign-up attempts from this address or for this e-mail (RATE_LIMITED, Retry-After in seconds)';

export const signUp = defineRoute({
  method: 'POST',
  url: '/api/account/signup',
  schema: {
    description:
      'Creates the user, signs in (sets sf_session) and merges the anonymous cart. With an Idempotency-Key, a retry after a lost answer replays the sign-up (Idempotent-Replayed) and signs in instead of answering EMAIL_TAKEN.',
    tags: ['account'],
    headers: IdempotencyHeaders(false),
    body: SignUpBody,
    response: {
      201: SignedInAnswer,
      400: errorResponse('Invalid body (INVALID_REQUEST naming the field) or INVALID_IDEMPOTENCY_KEY'),
      409: errorResponse('E-mail already registered (EMAIL_TAKEN) or key in use (IDEMPOTENCY_KEY_IN_USE)'),
      422: errorResponse('Idempotency-Key reused with another body (IDEMPOTENCY_KEY_REUSED)'),
      429: errorResponse(RATE_LIMITED_DESCRIPTION),
      503: Unavailable,
    },
  },
});

export const signIn = defineRoute({
  method: 'POST',
  url: '/api/account/signin',
  schema: {
    description: 'Signs in (sets sf_session) and merges the anonymous cart; 401 INVALID_CREDENTIALS.',
    tags: ['account'],
    body: SignInBody,
    response: {
      200: SignedInAnswer,
      400: errorResponse('Invalid body (INVALID_REQUEST)'),
      401: errorResponse('Wrong e-mail or password (INVALID_CREDENTIALS)'),
      429: errorResponse(RATE_LIMITED_DESCRIPTION),
      503: Unavailable,
    },
  },
});

export const signOut = defineRoute({
  method: 'POST',
  url: '/api/account/signout',
  schema: {
    description:
      'Revokes the session and clears sf_session. Answers 200 even when the account service cannot be ' +
      'reached: the cookie is cleared and the session ends with its TTL.',
    tags: ['account'],
    response: { 200: SignedOutAnswer },
  },
});

export const accountStatus = defineRoute({
  method: 'GET',
  url: '/api/account/status',
  schema: {
    description:
      'Whether sign-in can work right now: asks the account service through its policy (so an open ' +
      'breaker answers at once). The sign-in page calls it before asking for a password.',
    tags: ['account'],
    response: { 200: AccountStatusAnswer, 503: Unavailable },
  },
});

export const getMe = defineRoute({
  method: 'GET',
  url: '/api/account/me',
  schema: {
    description:
      'The signed-in user, or null. An invalid or expired session clears sf_session. While the account ' +
      'service is down, a saved copy of this session’s answer (keyed by the session, never shared) is ' +
      'served with `Storefront-Degraded: account; reason=…`, else 503.',
    tags: ['account'],
    response: { 200: MeAnswer, 503: Unavailable },
  },
});

export const getProfile = defineRoute({
  method: 'GET',
  url: '/api/account/profile',
  schema: {
    description:
      'The profile of the signed-in user (401 AUTH_REQUIRED otherwise). Degraded contract: a saved copy ' +
      'of this user’s profile with `Storefront-Degraded: account; reason=…`, else 503.',
    tags: ['account'],
    response: { 200: ProfileAnswer, 401: errorResponse('Signed out (AUTH_REQUIRED)'), 503: Unavailable },
  },
});

export const updateProfile = defineRoute({
  method: 'PUT',
  url: '/api/account/profile',
  schema: {
    description:
      'Updates name and shipping address (null clears it); 401 AUTH_REQUIRED when signed out. Optional Idempotency-Key.',
    tags: ['account'],
    headers: IdempotencyHeaders(false),
    body: ProfileBody,
    response: {
      200: ProfileAnswer,
      400: errorResponse('Invalid body (INVALID_REQUEST naming the field) or INVALID_IDEMPOTENCY_KEY'),
      401: errorResponse('Signed out (AUTH_REQUIRED)'),
      409: errorResponse('Key in use (IDEMPOTENCY_KEY_IN_USE)'),
      422: errorResponse('Idempotency-Key reused with another body (IDEMPOTENCY_KEY_REUSED)'),
      503: Unavailable,
    },
  },
});

/** Every account route. */
export const accountRoutes = [
  signUp,
  signIn,
  signOut,
  accountStatus,
  getMe,
  getProfile,
  updateProfile,
] as const;
