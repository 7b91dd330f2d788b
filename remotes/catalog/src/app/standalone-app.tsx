import { StandaloneLayout } from '@storefront/remote-kit/standalone';
import { Route, useParams } from '@storefront/router';
import { CatalogPage } from '../features/products/components/catalog-page';
import { FeaturedProducts } from '../features/products/components/featured-products';
import { ProductDetail } from '../features/products/components/product-detail';

function ProductRoute() {
  const { id = '' } = useParams();
  return <ProductDetail productId={id} />;
}

/** The remote on its own (port 3001): the three exposed components on `/` and `/products/:id`. */
export function StandaloneApp() {
  return (
    <StandaloneLayout title="Catalog remote">
      <Route
        path="/"
        element={
          <>
            <CatalogPage />
            <FeaturedProducts limit={4} />
          </>
        }
      />
      <Route path="/products/:id" element={<ProductRoute />} />
    </StandaloneLayout>
  );
}
