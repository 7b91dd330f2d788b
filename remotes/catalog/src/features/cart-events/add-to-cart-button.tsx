import { useEffect, useRef, useState } from 'react';
import { ADD_TO_CART_TIMEOUT_MS, type AddToCartOutcome, requestAddToCart } from './request-add-to-cart';

// No stylesheet import: its classes live in features/products' catalog.css, which every host of the button
// (product-card, product-detail) imports; a feature does not import another feature's files.

/** Props of {@link AddToCartButton}. */
export interface AddToCartButtonProps {
  productId: number;
  name: string;
  stock: number;
  className?: string;
  /** How long to wait for the cart remote's answer. */
  timeoutMs?: number;
}

/**
 * "Add to cart": asks the cart remote through a window event and shows its answer ("Added to cart", its
 * failure message, or "Cart is unavailable right now." when nothing answers in time). Disabled when out of stock.
 */
export function AddToCartButton({
  productId,
  name,
  stock,
  className = '',
  timeoutMs = ADD_TO_CART_TIMEOUT_MS,
}: AddToCartButtonProps) {
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<AddToCartOutcome | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  if (stock <= 0) {
    return (
      <div className={`catalog-add ${className}`}>
        <button type="button" className="catalog-button catalog-add__button" disabled>
          Out of stock
        </button>
      </div>
    );
  }

  const onClick = async () => {
    setPending(true);
    setOutcome(null);
    const answer = await requestAddToCart(productId, name, timeoutMs);
    if (!mounted.current) return;
    setPending(false);
    setOutcome(answer);
  };

  return (
    <div className={`catalog-add ${className}`}>
      <button
        type="button"
        className="catalog-button catalog-button--primary catalog-add__button"
        // The visible label first, then which product (WCAG 2.5.3: the accessible name contains the visible label).
        aria-label={`Add to cart: ${name}`}
        disabled={pending}
        aria-busy={pending}
        onClick={onClick}
      >
        {pending ? 'Adding…' : 'Add to cart'}
      </button>
      {outcome ? (
        <p
          role={outcome.ok ? 'status' : 'alert'}
          className={outcome.ok ? 'catalog-add__message' : 'catalog-add__message catalog-add__message--error'}
        >
          {outcome.message}
        </p>
      ) : null}
    </div>
  );
}
