import { createApiClient } from '@storefront/remote-kit';

/** The catalog remote's BFF calls (`@storefront/remote-kit`); messages name the catalog. */
export const { fetchApi } = createApiClient({ service: 'catalog', label: 'The catalog' });
