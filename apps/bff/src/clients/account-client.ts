// The account service as the BFF uses it: users, sessions and profiles, and the checks of its answers. Tokens
// travel in `Authorization` only, and a session's saved copy is keyed by the token's hash, never the token.
import { createHash } from 'node:crypto';
import type { Degraded, DegradedReason, Profile, ProfileBody, SignUpBody, User } from '@storefront/contract';
import { identityScope, SESSION_TOKEN_PATTERN, type SignedIn } from '../identity.js';
import type { UpstreamOutcome, UpstreamRequest } from '../upstream/types.js';
import { type Upstream, UpstreamUnavailableError } from '../upstream/upstream.js';
import { type ReportedConsumer, readConsumers } from './consumer-status.js';
import { type EventPage, readEventPage } from './event-page.js';
import {
  type Answer,
  answerOf,
  clientErrorOf,
  fieldsOf,
  invalidResponse,
  isInteger,
  isRecord,
  shippingAddressOf,
} from './service-answer.js';

const SERVICE = 'account';

/** Outcome of asking the account service who holds a session token. */
export type SessionLookup =
  | { kind: 'valid'; user: User; expiresAt: string }
  | { kind: 'saved'; user: User; expiresAt: string; degraded: Degraded }
  | { kind: 'invalid' }
  | { kind: 'unavailable'; error: UpstreamUnavailableError };

/** A session just created: the token for the cookie, how long it lives, and its user. */
export interface NewSession {
  token: string;
  maxAgeS: number;
  user: User;
}

const profileFields = fieldsOf(SERVICE, 'profile', { userId: 'integer', email: 'string', name: 'string' });
const shippingAddressOfProfile = shippingAddressOf(SERVICE);

/** Picks the public fields of a user from an account-service answer (null when the shape is wrong). */
export function toPublicUser(raw: unknown): User | null {
  if (!isRecord(raw)) return null;
  const { id, email, name } = raw;
  return isInteger(id) && typeof email === 'string' && typeof name === 'string' ? { id, email, name } : null;
}

/** Reads `{ session: { token, expiresAt }, user }` from `POST /sessions`. */
export function toNewSession(json: unknown, now = Date.now()): NewSession {
  if (!isRecord(json) || !isRecord(json.session)) throw invalidResponse(SERVICE, 'session');
  const { token, expiresAt } = json.session;
  const user = toPublicUser(json.user);
  const expires = typeof expiresAt === 'string' ? Date.parse(expiresAt) : Number.NaN;
  if (typeof token !== 'string' || !SESSION_TOKEN_PATTERN.test(token) || Number.isNaN(expires) || !user) {
    throw invalidResponse(SERVICE, 'session');
  }
  return { token, maxAgeS: Math.max(0, Math.floor((expires - now) / 1000)), user };
}

/** Maps an account-service profile to the browser's. */
export function toBrowserProfile(raw: unknown): Profile {
  if (!isRecord(raw)) throw invalidResponse(SERVICE, 'profile');
  return { ...profileFields(raw), shippingAddress: shippingAddressOfProfile(raw.shippingAddress) };
}

/** Saved-copy scope of a session lookup: the token's hash, so the token itself is never a map key. */
function sessionRequest(token: string, requestId: string): UpstreamRequest {
  return {
    path: '/sessions/current',
    headers: { authorization: `Bearer ${token}` },
    savedCopy: { scope: `session:${createHash('sha256').update(token).digest('base64url')}` },
    requestId,
  };
}

/**
 * The account service behind its resilience policies: `upstream` for sessions and profiles, `passwords` (by
 * default the same) for sign-up and sign-in, whose scrypt hash takes ~0.4 s: with a policy and bulkhead of their
 * own, a flood of sign-ins can fill only theirs, never the slots of the session lookups every signed-in page needs.
 */
export class AccountClient {
  constructor(
    private readonly upstream: Upstream,
    private readonly passwords: Upstream = upstream,
  ) {}

  /** The 503 of this service, for an answer that exists only as a saved copy but must be live. */
  unavailable(reason: DegradedReason): UpstreamUnavailableError {
    return this.upstream.unavailable(reason);
  }

  /**
   * `POST /users`; a 4xx (EMAIL_TAKEN, INVALID_REQUEST) is thrown with its code. Resolves whether the account
   * service replayed an earlier sign-up with the same key.
   */
  async createUser(
    body: SignUpBody,
    requestId: string,
    idempotencyKey?: string,
  ): Promise<{ replayed: boolean }> {
    const { email, password, name } = body;
    const outcome = await this.passwords.request({
      method: 'POST',
      path: '/users',
      body: { email, password, name },
      idempotencyKey,
      requestId,
    });
    if (outcome.response.status >= 400) throw clientErrorOf(SERVICE, outcome);
    return { replayed: outcome.response.replayed };
  }

  /** `POST /sessions`; a 4xx (INVALID_CREDENTIALS) is thrown with its code. */
  async createSession(email: string, password: string, requestId: string): Promise<NewSession> {
    const outcome = await this.passwords.request({
      method: 'POST',
      path: '/sessions',
      body: { email, password },
      requestId,
    });
    if (outcome.response.status >= 400) throw clientErrorOf(SERVICE, outcome);
    return toNewSession(outcome.response.json);
  }

  /** Asks who holds a token (a saved copy comes back as `saved`, never to be trusted blindly). */
  async lookupSession(token: string, requestId: string): Promise<SessionLookup> {
    let outcome: UpstreamOutcome;
    try {
      outcome = await this.upstream.request(sessionRequest(token, requestId));
    } catch (error) {
      if (error instanceof UpstreamUnavailableError) return { kind: 'unavailable', error };
      throw error;
    }
    const { status, json } = outcome.response;
    if (status >= 400) return { kind: 'invalid' };
    const user = isRecord(json) ? toPublicUser(json.user) : null;
    const session = isRecord(json) && isRecord(json.session) ? json.session : null;
    const expiresAt = typeof session?.expiresAt === 'string' ? session.expiresAt : null;
    if (!user || !expiresAt) throw invalidResponse(SERVICE, 'session');
    if (outcome.source === 'saved') {
      // A saved copy of an expired session proves nothing.
      if (!(Date.parse(expiresAt) > Date.now()))
        return { kind: 'unavailable', error: this.unavailable('circuit-open') };
      return { kind: 'saved', user, expiresAt, degraded: outcome.degraded };
    }
    return { kind: 'valid', user, expiresAt };
  }

  /** Drops the saved copy of a session lookup (after sign-out). */
  forgetSession(token: string, requestId: string): void {
    this.upstream.forget(sessionRequest(token, requestId));
  }

  /** `DELETE /sessions/current`; throws UpstreamUnavailableError when the service cannot be asked. */
  async revokeSession(token: string, requestId: string): Promise<void> {
    await this.upstream.request({
      method: 'DELETE',
      path: '/sessions/current',
      headers: { authorization: `Bearer ${token}` },
      requestId,
    });
  }

  /** Whether the service answers right now: a live `/health` only (a saved "it was up" proves nothing). */
  async checkAvailable(requestId: string): Promise<void> {
    const outcome = await this.upstream.request({ path: '/health', requestId, savedCopy: 'none' });
    if (outcome.response.status !== 200) throw this.unavailable('upstream-error');
  }

  /** `GET /profile`; its saved copy is the user's own. */
  async getProfile(user: SignedIn, requestId: string): Promise<Answer<{ profile: Profile }>> {
    const outcome = await this.upstream.request({
      path: '/profile',
      headers: { 'x-user-id': String(user.userId) },
      savedCopy: { scope: identityScope(user) },
      requestId,
    });
    return answerOf(SERVICE, outcome, (json) => ({ profile: toBrowserProfile(json.profile) }));
  }

  /** `PUT /profile`; a 4xx (INVALID_REQUEST) is thrown with its code. */
  async updateProfile(
    user: SignedIn,
    body: ProfileBody,
    requestId: string,
    idempotencyKey?: string,
  ): Promise<Answer<{ profile: Profile }>> {
    const outcome = await this.upstream.request({
      method: 'PUT',
      path: '/profile',
      headers: { 'x-user-id': String(user.userId) },
      body,
      idempotencyKey,
      requestId,
    });
    return answerOf(SERVICE, outcome, (json) => ({ profile: toBrowserProfile(json.profile) }));
  }

  /** `GET /events`: a page of this service's outbox feed (the console's events view). */
  async events(after: number, limit: number, requestId: string): Promise<EventPage> {
    return readEventPage(this.upstream, SERVICE, after, limit, requestId);
  }

  /** `GET /events/consumers`: where this service's event consumers stand (the console's events view). */
  async consumers(requestId: string): Promise<ReportedConsumer[]> {
    return readConsumers(this.upstream, SERVICE, requestId);
  }
}
