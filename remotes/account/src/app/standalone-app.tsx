import { BrowserRouter, Link, Route, Routes } from 'react-router';
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
    <BrowserRouter>
      <header className="account-standalone__header">
        <Link to="/" className="account-standalone__brand">
          Account remote
        </Link>
        <span className="account-standalone__tag">standalone</span>
        <div className="account-standalone__menu">
          <AccountMenu />
        </div>
      </header>
      <main>
        <Routes>
          <Route path="/" element={<Home />} />
          <Route path="/signin" element={<SignIn />} />
          <Route path="/account" element={<AccountPage />} />
        </Routes>
      </main>
    </BrowserRouter>
  );
}
