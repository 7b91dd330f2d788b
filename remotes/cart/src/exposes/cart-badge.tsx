// Exposed as `cart/CartBadge` (no props): the header badge; it also answers `storefront:add-to-cart`.
export { CartBadge as default } from '../features/cart/components/cart-badge';
