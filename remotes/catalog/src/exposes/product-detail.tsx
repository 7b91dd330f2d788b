// Exposed as `catalog/ProductDetail` (`{ productId: string }`, id or slug).
export { ProductDetail as default } from '../features/products/components/product-detail';
