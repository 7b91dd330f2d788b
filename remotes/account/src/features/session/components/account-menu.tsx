import { Link } from '@storefront/router';
import { type ReactNode, useState } from 'react';
import '../../../components/account.css';
import { sessionStore, useSession } from '../session-store';

/** Header menu: "Sign in", or "Hi, <name>" and "Sign out". Never blocks the header while the service is down. */
export function AccountMenu() {
  const session = useSession();
  const [signingOut, setSigningOut] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const signOut = async () => {
    setSigningOut(true);
    setProblem(null);
    const result = await sessionStore.signOut();
    setSigningOut(false);
    if (!result.ok) setProblem(result.unavailable ? 'Sign-out unavailable, try again.' : 'Sign-out failed.');
  };

  let content: ReactNode;
  switch (session.status) {
    case 'loading':
      content = <span className="account-menu__muted">Account…</span>;
      break;
    case 'signed-in':
      content = (
        <>
          <Link to="/account" className="account-menu__link">
            Hi, {session.user.name}
          </Link>
          <button
            type="button"
            className="account-button account-button--small"
            onClick={() => void signOut()}
            disabled={signingOut}
          >
            Sign out
          </button>
          {problem ? (
            <span role="alert" className="account-menu__problem">
              {problem}
            </span>
          ) : null}
        </>
      );
      break;
    case 'signed-out':
      content = (
        <Link to="/signin" className="account-menu__link">
          Sign in
        </Link>
      );
      break;
    default:
      // Unavailable or a plain error: a small hint; the store retries by itself after `retryAfterMs`.
      content = (
        <>
          <span role="status" className="account-menu__problem">
            Account unavailable
          </span>
          <button
            type="button"
            className="account-button account-button--small"
            aria-label="Retry account"
            onClick={() => void sessionStore.refresh()}
            disabled={session.isFetching}
          >
            Retry
          </button>
        </>
      );
  }

  return (
    <div className="account-menu" aria-busy={session.isFetching}>
      {content}
    </div>
  );
}
