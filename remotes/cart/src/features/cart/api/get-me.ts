import type { User } from '@storefront/contract/browser';
import { type ApiResource, type ApiResult, useApiResource } from '@storefront/remote-kit';
import { useCallback } from 'react';
import { fetchApi } from '../../../lib/api-client';
import { parseUser } from './parse';

/** Fetches who is signed in (`user: null` when nobody). */
export function getMe(signal?: AbortSignal): Promise<ApiResult<{ user: User | null }>> {
  return fetchApi(
    '/api/account/me',
    (body) => {
      const user = parseUser(body.user);
      return user === undefined ? null : { user };
    },
    { signal },
  );
}

/** Who is signed in, retried while the account service is degraded or unavailable. */
export function useMe(): ApiResource<{ user: User | null }> {
  const load = useCallback((signal: AbortSignal) => getMe(signal), []);
  return useApiResource(load);
}
