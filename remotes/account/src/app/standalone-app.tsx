import { StandaloneLayout } from '@storefront/remote-kit/standalone';
import { Link, Route } from '@storefront/router';
import { AccountPage } from '../features/account/components/account-page';
import { AccountMenu } from '../features/session/components/account-menu';
import { SignIn } from '../features/session/components/sign-in';
import './standalone.css';

function Home() {
  return (
    <section className="account-standalone__home">
      <h1>Account remote</h1>
      <p>
        Mocked shopper: <code>ada@example.com</code> / <code>correct-horse</code>. Switch scenarios with{' '}
        <code>?scenario=normal|degraded|unavailable</code>.
      </p>
      <ul>
        <li>
          <Link to="/signin">Sign in</Link>
        </li>
        <li>
          <Link to="/signin?mode=signup">Create an account</Link>
        </li>
        <li>
          <Link to="/account">Your account</Link>
        </li>
      </ul>
    </section>
  );
}

/** The remote on its own (port 3003): the menu on top and `/`, `/signin`, `/account`. */
export function StandaloneApp() {
  return (
    // Light: the menu's links are drawn for the shell's light header.
    <StandaloneLayout title="Account remote" tone="light" aside={<AccountMenu />}>
      <Route path="/" element={<Home />} />
      <Route path="/signin" element={<SignIn />} />
      <Route path="/account" element={<AccountPage />} />
    </StandaloneLayout>
  );
}
