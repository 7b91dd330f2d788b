// Exposed as `cart/Checkout` (no props): the `/checkout` route.
export { Checkout as default } from '../features/cart/components/checkout';
