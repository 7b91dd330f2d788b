// The products feature's public entry: what other features may import (lint/no-feature-internals.grit).
export { CatalogPage } from './components/catalog-page';
export { ProductDetail } from './components/product-detail';
