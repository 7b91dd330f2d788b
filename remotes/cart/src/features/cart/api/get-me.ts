import { type ApiResource, type ApiResult, useApiResource } from '@storefront/remote-kit';
import { useCallback } from 'react';
import { fetchApi } from '../../../lib/api-client';
import type { SessionUser } from '../types';
import { parseSessionUser } from './parse';

/** Fetches who is signed in (`user: null` when nobody). */
export function getMe(signal?: AbortSignal): Promise<ApiResult<{ user: SessionUser | null }>> {
  return fetchApi(
    '/api/account/me',
    (body) => {
      const user = parseSessionUser(body.user);
      return user === undefined ? null : { user };
    },
    { signal },
  );
}

/** Who is signed in, retried while the account service is degraded or unavailable. */
export function useMe(): ApiResource<{ user: SessionUser | null }> {
  const load = useCallback((signal: AbortSignal) => getMe(signal), []);
  return useApiResource(load);
}
