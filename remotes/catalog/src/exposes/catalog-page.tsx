// Exposed as `catalog/CatalogPage` (no props).
export { CatalogPage as default } from '../features/products/components/catalog-page';
