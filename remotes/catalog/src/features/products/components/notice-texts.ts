// The catalog's wording for the kit's notices (@storefront/remote-kit/notices). The e2e tests look for
// "saved products" and "temporarily unavailable".

/** Over saved products (degraded). */
export const CATALOG_DEGRADED_MESSAGE =
  'Showing saved products — the catalog is temporarily unavailable. Live data will be back shortly.';

/** Instead of products (unavailable). */
export const CATALOG_UNAVAILABLE_MESSAGE = 'The catalog is temporarily unavailable.';

/** "Something went wrong while loading …" */
export const CATALOG_WHILE_LOADING = 'the catalog';
