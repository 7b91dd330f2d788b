import { BrowserRouter, Link, Route, Routes, useParams } from 'react-router';
import { CatalogPage } from '../features/products/components/catalog-page';
import { FeaturedProducts } from '../features/products/components/featured-products';
import { ProductDetail } from '../features/products/components/product-detail';
import './standalone.css';

function ProductRoute() {
  const { id = '' } = useParams();
  return <ProductDetail productId={id} />;
}

/** The remote on its own (port 3001): the three exposed components on `/` and `/products/:id`. */
export function StandaloneApp() {
  return (
    <BrowserRouter>
      <header className="catalog-standalone__header">
        <Link to="/" className="catalog-standalone__brand">
          Catalog remote
        </Link>
        <span className="catalog-standalone__tag">standalone</span>
      </header>
      <main>
        <Routes>
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
        </Routes>
      </main>
    </BrowserRouter>
  );
}
