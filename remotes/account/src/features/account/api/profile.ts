import type { Profile, ShippingAddressInput } from '@storefront/contract/browser';
import { type ApiResource, type ApiResult, useApiResource } from '@storefront/remote-kit';
import { useCallback } from 'react';
import { fetchApi } from '../../../lib/api-client';
import { parseProfile } from './parse';

/** `GET /api/account/profile`; signed out is an `error` with code `AUTH_REQUIRED`. */
export function getProfile(signal?: AbortSignal): Promise<ApiResult<Profile>> {
  return fetchApi('/api/account/profile', (body) => parseProfile(body.profile), { signal });
}

/** `PUT /api/account/profile`. */
export function putProfile(
  name: string,
  shippingAddress: ShippingAddressInput | null,
): Promise<ApiResult<Profile>> {
  return fetchApi('/api/account/profile', (body) => parseProfile(body.profile), {
    method: 'PUT',
    json: { name, shippingAddress },
  });
}

/** The profile, retried while degraded or unavailable; `userId` reloads it for another shopper. */
export function useProfile(userId: number): ApiResource<Profile> {
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new user must load a new profile.
  const load = useCallback((signal: AbortSignal) => getProfile(signal), [userId]);
  return useApiResource(load);
}
