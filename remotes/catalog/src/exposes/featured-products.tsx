// Exposed as `catalog/FeaturedProducts` (`{ limit?: number }`).
export { FeaturedProducts as default } from '../features/products/components/featured-products';
