import type { Product } from '@storefront/contract/browser';
import { formatMoney } from '@storefront/remote-kit';
import { Link } from '@storefront/router';
import { AddToCartButton } from '../../cart-events';
import './catalog.css';
import { ProductImage } from './product-image';

/** Props of {@link ProductCard}. */
export interface ProductCardProps {
  product: Product;
  /** Level of the product name's heading, so the card fits the page outline. */
  headingLevel?: 2 | 3 | 4;
}

const LOW_STOCK = 5;

/** One product in a grid: picture, name (linking to its page), price, stock and "Add to cart". */
export function ProductCard({ product, headingLevel = 2 }: ProductCardProps) {
  const Heading = `h${headingLevel}` as const;
  const outOfStock = product.stock <= 0;
  return (
    <article className="catalog-card">
      <div className="catalog-card__media">
        <ProductImage className="catalog-card__image" src={product.imageUrl} name={product.name} lazy />
        {outOfStock ? <span className="catalog-badge catalog-badge--out">Out of stock</span> : null}
      </div>
      <div className="catalog-card__body">
        <p className="catalog-card__category">{product.categoryName}</p>
        <Heading className="catalog-card__title">
          {/* The link stretches over the whole card (CSS) so the card is one click target, one tab stop. */}
          <Link className="catalog-card__link" to={`/products/${encodeURIComponent(product.slug)}`}>
            {product.name}
          </Link>
        </Heading>
        <p className="catalog-card__price">{formatMoney(product.priceCents, product.currency)}</p>
        {!outOfStock && product.stock <= LOW_STOCK ? (
          <p className="catalog-card__stock">Only {product.stock} left</p>
        ) : null}
        {/* Above the stretched link (CSS), so it stays clickable. */}
        <AddToCartButton
          className="catalog-card__add"
          productId={product.id}
          name={product.name}
          stock={product.stock}
        />
      </div>
    </article>
  );
}
