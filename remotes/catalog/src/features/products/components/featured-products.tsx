import { DegradedNotice, ErrorNotice, UnavailableNotice } from '@storefront/remote-kit/notices';
import { type ReactNode, useId } from 'react';
import { useFeaturedProducts } from '../api/get-featured-products';
import './catalog.css';
import { CATALOG_DEGRADED_MESSAGE, CATALOG_UNAVAILABLE_MESSAGE, CATALOG_WHILE_LOADING } from './notice-texts';
import { ProductCard } from './product-card';

/** Props of {@link FeaturedProducts}. */
export interface FeaturedProductsProps {
  /** Most products to show (default 4). */
  limit?: number;
}

/** A strip of featured products for the home page. */
export function FeaturedProducts({ limit = 4 }: FeaturedProductsProps) {
  const headingId = useId();
  const featured = useFeaturedProducts(limit);

  let content: ReactNode;
  switch (featured.status) {
    case 'loading':
      content = (
        <p className="catalog-count" aria-live="polite">
          Loading featured products…
        </p>
      );
      break;
    case 'unavailable':
      content = (
        <UnavailableNotice
          message={CATALOG_UNAVAILABLE_MESSAGE}
          nextRetryAt={featured.nextRetryAt}
          retrying={featured.isFetching}
          onRetry={featured.refetch}
        />
      );
      break;
    case 'error':
      content = (
        <ErrorNotice
          whileLoading={CATALOG_WHILE_LOADING}
          message={featured.message}
          onRetry={featured.refetch}
        />
      );
      break;
    default:
      content = (
        <>
          {featured.status === 'degraded' ? (
            <DegradedNotice degraded={featured.degraded} message={CATALOG_DEGRADED_MESSAGE} />
          ) : null}
          {featured.data.length === 0 ? (
            <p>No featured products right now.</p>
          ) : (
            <ul className="catalog-grid catalog-grid--featured">
              {featured.data.map((product) => (
                <li key={product.id}>
                  <ProductCard product={product} headingLevel={3} />
                </li>
              ))}
            </ul>
          )}
        </>
      );
  }

  return (
    <section className="catalog-featured" aria-labelledby={headingId} aria-busy={featured.isFetching}>
      <h2 id={headingId} className="catalog-featured__title">
        Featured products
      </h2>
      {content}
    </section>
  );
}
