import {
  ADD_TO_CART_EVENT,
  ADD_TO_CART_RESULT_EVENT,
  dispatchStorefrontEvent,
  onStorefrontEvent,
  parseEventDetail,
  SESSION_CHANGED_EVENT,
} from '@storefront/contract/browser';
import { StandaloneLayout } from '@storefront/remote-kit/standalone';
import { Route, useNavigate, useSearchParams } from '@storefront/router';
import { useState } from 'react';
import { CartBadge } from '../features/cart/components/cart-badge';
import { CartPage } from '../features/cart/components/cart-page';
import { Checkout } from '../features/cart/components/checkout';
import './standalone.css';

// Stand-ins for the catalog and account remotes, so the cart can be tried on its own (port 3002).
const DEMO_PRODUCT = { productId: 4, name: 'Bamboo Cutting Board' };

function DemoHome() {
  const [answer, setAnswer] = useState<string | null>(null);
  const add = () => {
    setAnswer(null);
    const stop = onStorefrontEvent(ADD_TO_CART_RESULT_EVENT, (result) => {
      if (result.productId !== DEMO_PRODUCT.productId) return;
      stop();
      setAnswer(result.ok ? 'Added to cart' : result.message);
    });
    dispatchStorefrontEvent(ADD_TO_CART_EVENT, { ...DEMO_PRODUCT, quantity: 1 });
  };
  return (
    <section className="cart-standalone__demo">
      <h1>Cart remote, standalone</h1>
      <p>
        This button does what the catalog's “Add to cart” does: it sends <code>storefront:add-to-cart</code>.
      </p>
      <button type="button" onClick={add}>
        Add a product ({DEMO_PRODUCT.name})
      </button>
      {answer ? <p role="status">{answer}</p> : null}
    </section>
  );
}

/** What the account remote's sign-in does, reduced to the demo user of the mocks. */
function DemoSignIn() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [problem, setProblem] = useState<string | null>(null);
  const signIn = async () => {
    const response = await fetch('/api/account/signin', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', password: 'correct-horse' }),
    }).catch(() => null);
    if (!response?.ok) {
      setProblem('Sign-in failed (is the account mocked or the BFF running?)');
      return;
    }
    const body: { user?: unknown } = await response.json();
    const detail = parseEventDetail(SESSION_CHANGED_EVENT, { signedIn: true, user: body.user });
    if (detail) dispatchStorefrontEvent(SESSION_CHANGED_EVENT, detail);
    const returnTo = params.get('returnTo');
    navigate(returnTo?.startsWith('/') ? returnTo : '/');
  };
  return (
    <section className="cart-standalone__demo">
      <h1>Sign in (demo)</h1>
      <button type="button" onClick={signIn}>
        Sign in as the demo shopper
      </button>
      {problem ? <p role="alert">{problem}</p> : null}
    </section>
  );
}

/** The remote on its own: the badge in a header, the cart on `/cart`, checkout on `/checkout`. */
export function StandaloneApp() {
  return (
    <StandaloneLayout title="Cart remote" aside={<CartBadge />}>
      <Route path="/" element={<DemoHome />} />
      <Route path="/cart" element={<CartPage />} />
      <Route path="/checkout" element={<Checkout />} />
      {/* The demo credentials belong to the mocks: a production build leaves this route out. */}
      {process.env.NODE_ENV === 'development' ? <Route path="/signin" element={<DemoSignIn />} /> : null}
    </StandaloneLayout>
  );
}
