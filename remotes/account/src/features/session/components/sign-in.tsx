import { Notice, UnavailableNotice } from '@storefront/remote-kit/notices';
import { Link, useNavigate, useSearchParams } from '@storefront/router';
import { type FormEvent, useId, useState } from 'react';
import '../../../components/account.css';
import { safeReturnTo } from '../../../lib/return-to';
import { useAccountStatus } from '../api';
import { type SessionActionResult, sessionStore, useSession } from '../session-store';

type Mode = 'signin' | 'signup';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks the fields before anything is sent; returns the first problem or null. */
export function validateSignInForm(mode: Mode, email: string, password: string, name: string): string | null {
  if (!EMAIL.test(email.trim())) return 'Enter a valid e-mail address.';
  if (mode === 'signin') return password === '' ? 'Enter your password.' : null;
  if (password.length < 8 || password.length > 128) return 'The password must be 8 to 128 characters long.';
  if (name.trim() === '') return 'Enter your name.';
  if (name.trim().length > 100) return 'The name must be at most 100 characters long.';
  return null;
}

/** Words for a failed sign-in or sign-up. */
export function failureMessage(result: Extract<SessionActionResult, { ok: false }>): string {
  switch (result.code) {
    case 'INVALID_CREDENTIALS':
      return 'E-mail or password is wrong.';
    case 'EMAIL_TAKEN':
      return 'An account with this e-mail already exists. Sign in instead.';
    case 'RATE_LIMITED':
      return 'Too many attempts. Please wait a minute before trying again.';
    case 'INVALID_REQUEST':
      return `Please check the form: ${result.message}.`;
    default:
      return result.message;
  }
}

function modeUrl(mode: Mode, returnTo: string | null): string {
  const params = new URLSearchParams();
  if (mode === 'signup') params.set('mode', 'signup');
  if (returnTo) params.set('returnTo', returnTo);
  const search = params.toString();
  return `/signin${search ? `?${search}` : ''}`;
}

function SignInForm({ mode, rawReturnTo }: { mode: Mode; rawReturnTo: string | null }) {
  const navigate = useNavigate();
  const session = useSession();
  const ids = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  // Asked before the shopper types a password: a signed-out visitor has no session to look up.
  const status = useAccountStatus();
  const sessionDown = session.status === 'unavailable';
  const unavailable = sessionDown || status.status === 'unavailable';
  const disabled = unavailable || submitting;
  const retryAll = () => {
    if (sessionDown) void sessionStore.refresh();
    status.refetch();
  };
  const signup = mode === 'signup';

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problem = validateSignInForm(mode, email, password, name);
    setError(problem);
    if (problem) return;
    setSubmitting(true);
    const result = signup
      ? await sessionStore.signUp(email.trim(), password, name.trim())
      : await sessionStore.signIn(email.trim(), password);
    setSubmitting(false);
    if (result.ok) {
      navigate(safeReturnTo(rawReturnTo), { replace: true });
      return;
    }
    // A down service shows the widget above (the store is now "unavailable"), not an error.
    setError(result.unavailable ? null : failureMessage(result));
  };

  return (
    <>
      {/* Shown instead of an error while the account service is down: the rest of the shop keeps working. */}
      {unavailable ? (
        <UnavailableNotice
          message="Sign-in is temporarily unavailable. You can keep browsing and your cart is kept."
          nextRetryAt={sessionDown ? session.nextRetryAt : status.nextRetryAt}
          retrying={session.isFetching || status.isFetching}
          onRetry={retryAll}
          retryLabel="Try again"
        />
      ) : null}
      {session.status === 'signed-in' && !submitting ? (
        <Notice tone="success">
          You are signed in as {session.user.email}.{' '}
          <Link className="account-link" to="/account">
            Go to your account
          </Link>
        </Notice>
      ) : null}
      <form
        className="account-form"
        noValidate
        onSubmit={(event) => void submit(event)}
        aria-busy={submitting}
      >
        {error && !unavailable ? (
          <Notice tone="error" role="alert">
            <p>{error}</p>
          </Notice>
        ) : null}
        {signup ? (
          <div>
            <label className="account-label" htmlFor={`${ids}-name`}>
              Name
            </label>
            <input
              id={`${ids}-name`}
              className="account-input"
              name="name"
              autoComplete="name"
              value={name}
              onChange={(event) => setName(event.target.value)}
              disabled={disabled}
              required
            />
          </div>
        ) : null}
        <div>
          <label className="account-label" htmlFor={`${ids}-email`}>
            E-mail
          </label>
          <input
            id={`${ids}-email`}
            className="account-input"
            name="email"
            type="email"
            autoComplete="email"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            disabled={disabled}
            required
          />
        </div>
        <div>
          <label className="account-label" htmlFor={`${ids}-password`}>
            Password
          </label>
          <input
            id={`${ids}-password`}
            className="account-input"
            name="password"
            type="password"
            autoComplete={signup ? 'new-password' : 'current-password'}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            disabled={disabled}
            aria-describedby={signup ? `${ids}-password-hint` : undefined}
            required
          />
          {signup ? (
            <p id={`${ids}-password-hint`} className="account-hint">
              8 to 128 characters.
            </p>
          ) : null}
        </div>
        <div>
          <button type="submit" className="account-button account-button--primary" disabled={disabled}>
            {signup ? 'Create account' : 'Sign in'}
          </button>
        </div>
      </form>
      <p>
        {signup ? 'Already have an account? ' : 'New here? '}
        <Link className="account-link" to={modeUrl(signup ? 'signin' : 'signup', rawReturnTo)}>
          {signup ? 'Sign in instead' : 'Create an account'}
        </Link>
      </p>
    </>
  );
}

/** Route `/signin`: sign in, or create an account with `?mode=signup`; then back to a safe `returnTo`. */
export function SignIn() {
  const [params] = useSearchParams();
  const mode: Mode = params.get('mode') === 'signup' ? 'signup' : 'signin';
  const rawReturnTo = params.get('returnTo');
  return (
    <section className="account-signin">
      <h1 className="account-title">{mode === 'signup' ? 'Create account' : 'Sign in'}</h1>
      {/* A new mode starts from an empty form and no stale error. */}
      <SignInForm key={mode} mode={mode} rawReturnTo={rawReturnTo} />
    </section>
  );
}
