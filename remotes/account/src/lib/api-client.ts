import { createApiClient } from '@storefront/remote-kit';

/** The account remote's BFF calls (`@storefront/remote-kit`); messages name the account service. */
export const { fetchApi } = createApiClient({ service: 'account', label: 'The account service' });
