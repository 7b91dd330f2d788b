import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { clearCookie, readSessionToken, SESSION_COOKIE, setCookie } from '../lib/cookies.js';
import { definePlugin } from '../plugin.js';
import { forgetSession, identityScope, lookupSession, toPublicUser } from '../plugins/session.js';
import {
  dataMetaSchema,
  errorResponseSchema,
  shippingAddressAnswerSchema,
  shippingAddressSchema,
  simpleMetaSchema,
  unavailableResponseSchema,
  userSchema,
} from '../schemas.js';
import { type Upstream, UpstreamUnavailableError } from '../upstream/upstream.js';
import { answer, clientErrorOf, invalidResponse, isRecord, type JsonObject } from './answers.js';
import { mergeAnonymousCart } from './cart.js';
import { userOf } from './orders.js';

/** Session tokens the BFF accepts from the account service before putting them in a cookie. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,256}$/;

const emailSchema = { type: 'string', minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' } as const;
const passwordSchema = { type: 'string', minLength: 8, maxLength: 128 } as const;
const nameSchema = { type: 'string', minLength: 1, maxLength: 100 } as const;

const signedInSchema = {
  description: 'Signed in; the sf_session cookie is set and the anonymous cart merged',
  type: 'object',
  required: ['user', 'meta'],
  properties: { user: userSchema, meta: simpleMetaSchema },
} as const;

const profileSchema = {
  type: 'object',
  required: ['userId', 'email', 'name', 'shippingAddress'],
  properties: {
    userId: { type: 'integer' },
    email: { type: 'string' },
    name: { type: 'string' },
    shippingAddress: shippingAddressAnswerSchema,
  },
} as const;

const profileAnswerSchema = {
  description: 'The profile',
  type: 'object',
  required: ['profile', 'meta'],
  properties: { profile: profileSchema, meta: dataMetaSchema },
} as const;

export interface AccountRoutesOptions {
  account: Upstream;
  cart: Upstream;
}

/** Reads `{ session: { token, expiresAt }, user }` from `POST /sessions`. */
function sessionOf(json: unknown): { token: string; maxAgeS: number; user: JsonObject } {
  if (!isRecord(json) || !isRecord(json.session)) throw invalidResponse('account', 'session');
  const { token, expiresAt } = json.session;
  const user = toPublicUser(json.user);
  const expires = typeof expiresAt === 'string' ? Date.parse(expiresAt) : Number.NaN;
  if (typeof token !== 'string' || !TOKEN_PATTERN.test(token) || Number.isNaN(expires) || !user) {
    throw invalidResponse('account', 'session');
  }
  return { token, maxAgeS: Math.max(0, Math.floor((expires - Date.now()) / 1000)), user: { ...user } };
}

/** `/api/account/*`: sign-up, sign-in, sign-out, the current user and the profile. */
export const accountRoutes = definePlugin<AccountRoutesOptions>(
  'account-routes',
  async (app, { account, cart }) => {
    /** Creates a session, sets the cookie and merges the anonymous cart (a failed merge is retried later). */
    async function signIn(
      request: FastifyRequest,
      reply: FastifyReply,
      credentials: { email: string; password: string },
    ): Promise<JsonObject> {
      const outcome = await account.request({
        method: 'POST',
        path: '/sessions',
        body: credentials,
        requestId: request.id,
      });
      if (outcome.response.status >= 400) throw clientErrorOf('account', outcome);
      const session = sessionOf(outcome.response.json);
      setCookie(request, reply, SESSION_COOKIE, session.token, session.maxAgeS);
      await mergeAnonymousCart(cart, request, reply, Number(session.user.id), request.log);
      return { user: session.user, meta: { requestId: request.id } };
    }

    app.post<{ Body: { email: string; password: string; name: string } }>(
      '/api/account/signup',
      {
        schema: {
          description: 'Creates the user, signs in (sets sf_session) and merges the anonymous cart.',
          tags: ['account'],
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['email', 'password', 'name'],
            properties: { email: emailSchema, password: passwordSchema, name: nameSchema },
          },
          response: {
            201: signedInSchema,
            400: errorResponseSchema(
              'Invalid body (INVALID_REQUEST, or INVALID_BODY from the account service)',
            ),
            409: errorResponseSchema('E-mail already registered (EMAIL_TAKEN)'),
            503: unavailableResponseSchema,
          },
        },
      },
      async (request, reply) => {
        const { email, password, name } = request.body;
        const created = await account.request({
          method: 'POST',
          path: '/users',
          body: { email, password, name },
          requestId: request.id,
        });
        if (created.response.status >= 400) throw clientErrorOf('account', created);
        const body = await signIn(request, reply, { email, password });
        return reply.code(201).send(body);
      },
    );

    app.post<{ Body: { email: string; password: string } }>(
      '/api/account/signin',
      {
        schema: {
          description: 'Signs in (sets sf_session) and merges the anonymous cart; 401 INVALID_CREDENTIALS.',
          tags: ['account'],
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['email', 'password'],
            properties: { email: { type: 'string', minLength: 1, maxLength: 254 }, password: passwordSchema },
          },
          response: {
            200: signedInSchema,
            400: errorResponseSchema('Invalid body (INVALID_REQUEST)'),
            401: errorResponseSchema('Wrong e-mail or password (INVALID_CREDENTIALS)'),
            503: unavailableResponseSchema,
          },
        },
      },
      async (request, reply) => {
        const { email, password } = request.body;
        return signIn(request, reply, { email, password });
      },
    );

    app.post(
      '/api/account/signout',
      {
        schema: {
          description:
            'Revokes the session and clears sf_session. Answers 200 even when the account service cannot be ' +
            'reached: the cookie is cleared and the session ends with its TTL.',
          tags: ['account'],
          response: {
            200: {
              description: 'Signed out',
              type: 'object',
              required: ['user', 'meta'],
              properties: { user: { type: 'null' }, meta: simpleMetaSchema },
            },
          },
        },
      },
      async (request, reply) => {
        const token = readSessionToken(request);
        if (token) {
          forgetSession(account, token, request.id);
          try {
            await account.request({
              method: 'DELETE',
              path: '/sessions/current',
              headers: { authorization: `Bearer ${token}` },
              requestId: request.id,
            });
          } catch (error) {
            if (!(error instanceof UpstreamUnavailableError)) throw error;
            request.log.warn({ reason: error.reason }, 'session revoke failed');
          }
        }
        clearCookie(request, reply, SESSION_COOKIE);
        return { user: null, meta: { requestId: request.id } };
      },
    );

    app.get(
      '/api/account/status',
      {
        schema: {
          description:
            'Whether sign-in can work right now: asks the account service through its policy (so an open ' +
            'breaker answers at once). The sign-in page calls it before asking for a password.',
          tags: ['account'],
          response: {
            200: {
              description: 'The account service answers',
              type: 'object',
              required: ['available', 'meta'],
              properties: { available: { type: 'boolean', const: true }, meta: simpleMetaSchema },
            },
            503: unavailableResponseSchema,
          },
        },
      },
      async (request) => {
        // A live answer only: a saved "it was up" would defeat the point of asking.
        const outcome = await account.request({ path: '/health', requestId: request.id, savedCopy: 'none' });
        if (outcome.response.status !== 200) throw account.unavailable('upstream-error');
        return { available: true, meta: { requestId: request.id } };
      },
    );

    app.get(
      '/api/account/me',
      {
        schema: {
          description:
            'The signed-in user, or null. An invalid or expired session clears sf_session. While the account ' +
            'service is down, a saved copy of this session’s answer (keyed by the session, never shared) is ' +
            'served with `Storefront-Degraded: account; reason=…`, else 503.',
          tags: ['account'],
          response: {
            200: {
              description: 'The current user',
              type: 'object',
              required: ['user', 'meta'],
              properties: { user: { ...userSchema, type: ['object', 'null'] }, meta: dataMetaSchema },
            },
            503: unavailableResponseSchema,
          },
        },
      },
      async (request, reply) => {
        const token = readSessionToken(request);
        const none = { user: null, meta: { requestId: request.id, degraded: null } };
        if (!token) return none;
        const session = await lookupSession(account, token, request.id);
        switch (session.kind) {
          case 'valid':
            return { user: session.user, meta: { requestId: request.id, degraded: null } };
          case 'saved':
            reply.header('Storefront-Degraded', `account; reason=${session.degraded.reason}`);
            return { user: session.user, meta: { requestId: request.id, degraded: session.degraded } };
          case 'invalid':
            clearCookie(request, reply, SESSION_COOKIE);
            return none;
          default:
            throw session.error;
        }
      },
    );

    app.get(
      '/api/account/profile',
      {
        config: { identity: 'user' },
        schema: {
          description:
            'The profile of the signed-in user (401 AUTH_REQUIRED otherwise). Degraded contract: a saved copy ' +
            'of this user’s profile with `Storefront-Degraded: account; reason=…`, else 503.',
          tags: ['account'],
          response: {
            200: profileAnswerSchema,
            401: errorResponseSchema('Signed out (AUTH_REQUIRED)'),
            503: unavailableResponseSchema,
          },
        },
      },
      async (request, reply) => {
        const user = userOf(request.identity);
        const outcome = await account.request({
          path: '/profile',
          headers: { 'x-user-id': String(user.userId) },
          savedCopy: { scope: identityScope(user) },
          requestId: request.id,
        });
        return answer('account', request, reply, outcome, (json) => {
          if (!isRecord(json.profile)) throw invalidResponse('account', 'profile');
          return { profile: json.profile };
        });
      },
    );

    app.put<{ Body: { name: string; shippingAddress: JsonObject | null } }>(
      '/api/account/profile',
      {
        config: { identity: 'user' },
        schema: {
          description:
            'Updates name and shipping address (null clears it); 401 AUTH_REQUIRED when signed out.',
          tags: ['account'],
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'shippingAddress'],
            properties: {
              name: nameSchema,
              shippingAddress: { anyOf: [shippingAddressSchema, { type: 'null' }] },
            },
          },
          response: {
            200: profileAnswerSchema,
            400: errorResponseSchema('Invalid body (INVALID_REQUEST / INVALID_BODY)'),
            401: errorResponseSchema('Signed out (AUTH_REQUIRED)'),
            503: unavailableResponseSchema,
          },
        },
      },
      async (request, reply) => {
        const user = userOf(request.identity);
        const outcome = await account.request({
          method: 'PUT',
          path: '/profile',
          headers: { 'x-user-id': String(user.userId) },
          body: request.body,
          requestId: request.id,
        });
        if (outcome.response.status >= 400) throw clientErrorOf('account', outcome);
        return answer('account', request, reply, outcome, (json) => {
          if (!isRecord(json.profile)) throw new AppError(502, 'UPSTREAM_INVALID_RESPONSE', 'bad profile');
          return { profile: json.profile };
        });
      },
    );
  },
  { encapsulate: true },
);
