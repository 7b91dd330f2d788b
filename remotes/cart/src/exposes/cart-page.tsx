// Exposed as `cart/CartPage` (no props): the `/cart` route.
export { CartPage as default } from '../features/cart/components/cart-page';
