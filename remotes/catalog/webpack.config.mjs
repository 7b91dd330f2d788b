import { createRemoteConfig } from '@storefront/remote-kit/webpack';

/** Webpack config for the catalog remote (`--mode development` or `--mode production`). */
export default createRemoteConfig({
  name: 'catalog',
  dir: import.meta.dirname,
  port: 3001,
  exposes: {
    './CatalogPage': './src/exposes/catalog-page.tsx',
    './ProductDetail': './src/exposes/product-detail.tsx',
    './FeaturedProducts': './src/exposes/featured-products.tsx',
  },
  standalone: true,
  // What each exposed module asks first: the shell starts it before this remote loads (decision 017).
  earlyData: './src/early-data.json',
});
