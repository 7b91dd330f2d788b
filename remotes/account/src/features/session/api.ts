import type { User } from '@storefront/contract/browser';
import { type ApiResource, type ApiResult, isObject, useApiResource } from '@storefront/remote-kit';
import { fetchApi } from '../../lib/api-client';

/** Reads `{ id, email, name }` field by field into the contract's `User`; null when it is not a user. */
export function parseUser(value: unknown): User | null {
  if (!isObject(value)) return null;
  const { id, email } = value;
  if (typeof id !== 'number' || !Number.isInteger(id) || typeof email !== 'string') return null;
  const name = typeof value.name === 'string' && value.name.trim() !== '' ? value.name : email;
  return { id, email, name };
}

// `{ user: null }` is a valid answer (signed out); anything else that is not a user is not.
const readUserOrNull = (body: Record<string, unknown>): { user: User | null } | null => {
  if (body.user === null) return { user: null };
  const user = parseUser(body.user);
  return user ? { user } : null;
};

/** `GET /api/account/me`: who is signed in (null when nobody). */
export function getMe(signal?: AbortSignal): Promise<ApiResult<{ user: User | null }>> {
  return fetchApi('/api/account/me', readUserOrNull, { signal });
}

/** `POST /api/account/signin`. */
export function postSignIn(email: string, password: string): Promise<ApiResult<User>> {
  return fetchApi('/api/account/signin', (body) => parseUser(body.user), {
    method: 'POST',
    json: { email, password },
  });
}

/** `POST /api/account/signup` (signs in as well). */
export function postSignUp(email: string, password: string, name: string): Promise<ApiResult<User>> {
  return fetchApi('/api/account/signup', (body) => parseUser(body.user), {
    method: 'POST',
    json: { email, password, name },
  });
}

/** `POST /api/account/signout`; any 2xx means signed out. */
export function postSignOut(): Promise<ApiResult<true>> {
  return fetchApi('/api/account/signout', () => true, { method: 'POST' });
}

/** `GET /api/account/status`: whether sign-in can work right now (503 while the account service is down). */
export function getAccountStatus(signal?: AbortSignal): Promise<ApiResult<true>> {
  return fetchApi('/api/account/status', (body) => (body.available === true ? true : null), { signal });
}

/** The account service's availability, re-checked by itself after `retryAfterMs` while it is down. */
export function useAccountStatus(): ApiResource<true> {
  return useApiResource(getAccountStatus);
}
