import { createRemoteConfig } from '@storefront/remote-kit/webpack';

/** Webpack config for the cart remote (`--mode development` or `--mode production`). */
export default createRemoteConfig({
  name: 'cart',
  dir: import.meta.dirname,
  port: 3002,
  exposes: {
    './CartBadge': './src/exposes/cart-badge.tsx',
    './CartPage': './src/exposes/cart-page.tsx',
    './Checkout': './src/exposes/checkout.tsx',
  },
  standalone: true,
});
