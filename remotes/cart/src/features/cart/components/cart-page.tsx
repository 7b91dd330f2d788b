import { type Cart, type CartLine, MAX_LINE_QUANTITY } from '@storefront/contract/browser';
import { formatMoney, type WriteResult } from '@storefront/remote-kit';
import { DegradedNotice, Notice } from '@storefront/remote-kit/notices';
import { Link } from '@storefront/router';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useCart } from '../api/get-cart';
import { useRemoveCartLine } from '../api/remove-cart-line';
import { useUpdateCartLine } from '../api/update-cart-line';
import './cart.css';
import { CART_DEGRADED_MESSAGE, CART_UNAVAILABLE_TEXT, cartNotReady } from './cart-not-ready';

/** A sentence for a failed write on a line. */
function failureText(result: WriteResult<Cart>, what: string): string {
  if (result.ok) return '';
  if (result.kind !== 'rejected') return `Could not ${what}. ${CART_UNAVAILABLE_TEXT} Please try again.`;
  return `Could not ${what}: ${result.message}`;
}

interface LineRowProps {
  line: CartLine;
  busy: boolean;
  onUpdate: (line: CartLine, quantity: number) => void;
  onRemove: (line: CartLine) => void;
}

function LineRow({ line, busy, onUpdate, onRemove }: LineRowProps) {
  const inputId = useId();
  const [draft, setDraft] = useState(String(line.quantity));
  const parsed = Number(draft);
  const valid = draft !== '' && Number.isInteger(parsed) && parsed >= 0 && parsed <= MAX_LINE_QUANTITY;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (valid && parsed !== line.quantity) onUpdate(line, parsed);
  };

  return (
    <li className="cart-line">
      <img className="cart-line__image" src={line.imageUrl ?? undefined} alt="" width={96} height={72} />
      <div className="cart-line__info">
        <Link className="cart-line__name" to={`/products/${encodeURIComponent(line.slug)}`}>
          {line.name}
        </Link>
        <p className="cart-line__unit">{formatMoney(line.unitPriceCents, line.currency)} each</p>
      </div>
      <form className="cart-line__quantity" onSubmit={onSubmit}>
        <label htmlFor={inputId} className="cart-visually-hidden">
          Quantity for {line.name}
        </label>
        <input
          id={inputId}
          className="cart-input"
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_LINE_QUANTITY}
          step={1}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button
          type="submit"
          className="cart-button"
          disabled={busy || !valid || parsed === line.quantity}
          aria-label={`Update quantity for ${line.name}`}
        >
          Update
        </button>
      </form>
      <p className="cart-line__total">{formatMoney(line.lineTotalCents, line.currency)}</p>
      <button
        type="button"
        className="cart-button cart-button--link"
        disabled={busy}
        onClick={() => onRemove(line)}
        aria-label={`Remove ${line.name}`}
      >
        Remove
      </button>
    </li>
  );
}

/** The cart page (`/cart`): lines with quantity and remove controls, subtotal and the way to checkout. */
export function CartPage() {
  const headingId = useId();
  const cart = useCart();
  const update = useUpdateCartLine();
  const remove = useRemoveCartLine();
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const onUpdate = async (line: CartLine, quantity: number) => {
    setProblem(null);
    setDone(null);
    const result = await update.run(line.productId, quantity);
    if (!result) return;
    if (result.ok) {
      const now =
        result.data.lines.find((candidate) => candidate.productId === line.productId)?.quantity ?? 0;
      setDone(now === 0 ? `${line.name} removed.` : `Quantity of ${line.name} is now ${now}.`);
    } else setProblem(failureText(result, `update ${line.name}`));
  };
  const onRemove = async (line: CartLine) => {
    setProblem(null);
    setDone(null);
    const result = await remove.run(line.productId);
    if (!result) return;
    if (result.ok) setDone(`${line.name} removed.`);
    else setProblem(failureText(result, `remove ${line.name}`));
  };

  let content: ReactNode;
  switch (cart.status) {
    case 'loading':
    case 'unavailable':
    case 'error':
      content = cartNotReady(cart, 'Check out');
      break;
    default: {
      const { lines, itemCount, subtotalCents, currency } = cart.data;
      content = (
        <>
          {cart.status === 'degraded' ? (
            <DegradedNotice degraded={cart.degraded} message={CART_DEGRADED_MESSAGE} />
          ) : null}
          {lines.length === 0 ? (
            <div className="cart-empty">
              <p>Your cart is empty</p>
              <Link className="cart-button cart-button--primary" to="/">
                Continue shopping
              </Link>
            </div>
          ) : (
            <>
              <ul className="cart-lines" aria-label="Items in your cart">
                {lines.map((line) => (
                  <LineRow
                    // A new server quantity resets the input.
                    key={`${line.productId}:${line.quantity}`}
                    line={line}
                    busy={
                      update.pending.has(`line:${line.productId}`) ||
                      remove.pending.has(`remove:${line.productId}`)
                    }
                    onUpdate={onUpdate}
                    onRemove={onRemove}
                  />
                ))}
              </ul>
              <div className="cart-summary">
                <p className="cart-summary__subtotal">
                  Subtotal ({itemCount === 1 ? '1 item' : `${itemCount} items`}):{' '}
                  <strong>{formatMoney(subtotalCents, currency)}</strong>
                </p>
                <Link className="cart-button cart-button--primary" to="/checkout">
                  Check out
                </Link>
              </div>
            </>
          )}
        </>
      );
    }
  }

  return (
    <section className="cart-page" aria-labelledby={headingId} aria-busy={cart.isFetching}>
      <h1 id={headingId} className="cart-page__title">
        Your cart
      </h1>
      {problem ? (
        <Notice tone="error" role="alert">
          <p>{problem}</p>
        </Notice>
      ) : null}
      {done ? (
        <p role="status" className="cart-muted">
          {done}
        </p>
      ) : null}
      {content}
    </section>
  );
}
