import { createApiClient } from '@storefront/remote-kit';

/** The cart remote's BFF calls (`@storefront/remote-kit`); messages name the cart. */
export const { fetchApi, sendApi } = createApiClient({ service: 'cart', label: 'The cart' });
