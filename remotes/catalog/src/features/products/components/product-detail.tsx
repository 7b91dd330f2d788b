import { formatMoney } from '@storefront/remote-kit';
import { DegradedNotice, ErrorNotice, UnavailableNotice } from '@storefront/remote-kit/notices';
import { Link } from '@storefront/router';
import { AddToCartButton } from '../../cart-events';
import { useProduct } from '../api/get-product';
import './catalog.css';
import { CATALOG_DEGRADED_MESSAGE, CATALOG_UNAVAILABLE_MESSAGE, CATALOG_WHILE_LOADING } from './notice-texts';
import { ProductImage } from './product-image';

/** Props of {@link ProductDetail}. */
export interface ProductDetailProps {
  /** Product id or slug. */
  productId: string;
}

function stockText(stock: number): string {
  return stock === 1 ? 'In stock: 1 left' : `In stock: ${stock} available`;
}

/** One product's page: picture, name, price, stock, "Add to cart" and description; "Product not found" for an unknown id. */
export function ProductDetail({ productId }: ProductDetailProps) {
  const product = useProduct(productId);
  const backLink = (
    <Link className="catalog-back" to="/">
      ← Back to all products
    </Link>
  );

  switch (product.status) {
    case 'loading':
      return (
        <section className="catalog-detail" aria-busy="true">
          <p className="catalog-count" aria-live="polite">
            Loading product…
          </p>
        </section>
      );
    case 'unavailable':
      return (
        <section className="catalog-detail">
          {backLink}
          <UnavailableNotice
            message={CATALOG_UNAVAILABLE_MESSAGE}
            nextRetryAt={product.nextRetryAt}
            retrying={product.isFetching}
            onRetry={product.refetch}
          />
        </section>
      );
    case 'error':
      if (product.httpStatus === 404) {
        return (
          <section className="catalog-detail catalog-detail--missing">
            <h1 className="catalog-page__title">Product not found</h1>
            <p>We could not find a product called “{productId}”. It may have been removed.</p>
            {backLink}
          </section>
        );
      }
      return (
        <section className="catalog-detail">
          {backLink}
          <ErrorNotice
            whileLoading={CATALOG_WHILE_LOADING}
            message={product.message}
            onRetry={product.refetch}
          />
        </section>
      );
    default: {
      const item = product.data;
      const outOfStock = item.stock <= 0;
      return (
        <article className="catalog-detail" aria-busy={product.isFetching}>
          {backLink}
          {product.status === 'degraded' ? (
            <DegradedNotice degraded={product.degraded} message={CATALOG_DEGRADED_MESSAGE} />
          ) : null}
          <div className="catalog-detail__layout">
            <ProductImage className="catalog-detail__image" src={item.imageUrl} name={item.name} />
            <div className="catalog-detail__info">
              <p className="catalog-card__category">{item.categoryName}</p>
              <h1 className="catalog-page__title">{item.name}</h1>
              <p className="catalog-detail__price">{formatMoney(item.priceCents, item.currency)}</p>
              {/* Out of stock, the disabled "Out of stock" button says it once. */}
              {outOfStock ? null : <p className="catalog-detail__stock">{stockText(item.stock)}</p>}
              <AddToCartButton
                className="catalog-detail__add"
                productId={item.id}
                name={item.name}
                stock={item.stock}
              />
              <p className="catalog-detail__description">{item.description}</p>
            </div>
          </div>
        </article>
      );
    }
  }
}
