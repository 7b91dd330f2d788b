import { DegradedNotice, ErrorNotice, UnavailableNotice } from '@storefront/remote-kit/notices';
import { Link } from '@storefront/router';
import { type ReactNode, useCallback, useEffect, useId } from 'react';
import '../../../components/account.css';
import type { Profile, User } from '@storefront/contract/browser';
import { sessionStore, useSession } from '../../session';
import { useProfile } from '../api/profile';
import { OrderHistory } from './order-history';
import { ProfileForm } from './profile-form';

function ProfileSection({ user }: { user: User }) {
  const headingId = useId();
  const profile = useProfile(user.id);
  const authLost = profile.status === 'error' && profile.httpStatus === 401;

  useEffect(() => {
    if (authLost) void sessionStore.refresh();
  }, [authLost]);

  const onSaved = useCallback(
    (saved: Profile) => sessionStore.updateUser({ ...user, name: saved.name }),
    [user],
  );

  let content: ReactNode;
  switch (profile.status) {
    case 'loading':
      content = <p aria-live="polite">Loading your profile…</p>;
      break;
    case 'unavailable':
      content = (
        <UnavailableNotice
          message="Your profile is temporarily unavailable."
          nextRetryAt={profile.nextRetryAt}
          retrying={profile.isFetching}
          onRetry={profile.refetch}
        />
      );
      break;
    case 'error':
      content = <ErrorNotice message={profile.message} onRetry={profile.refetch} />;
      break;
    default:
      content = (
        <>
          {profile.status === 'degraded' ? (
            <DegradedNotice
              degraded={profile.degraded}
              message="Showing your saved profile — live data is temporarily unavailable and will be back shortly."
            />
          ) : null}
          <ProfileForm profile={profile.data} onSaved={onSaved} />
        </>
      );
  }

  return (
    <section aria-labelledby={headingId} aria-busy={profile.isFetching}>
      <h2 id={headingId} className="account-subtitle">
        Profile
      </h2>
      {content}
    </section>
  );
}

/** Route `/account`: the profile form and the order history, or a sign-in prompt. */
export function AccountPage() {
  const session = useSession();

  let content: ReactNode;
  switch (session.status) {
    case 'loading':
      content = <p aria-live="polite">Loading your account…</p>;
      break;
    case 'unavailable':
      content = (
        <UnavailableNotice
          message="Your account is temporarily unavailable."
          nextRetryAt={session.nextRetryAt}
          retrying={session.isFetching}
          onRetry={() => void sessionStore.refresh()}
        />
      );
      break;
    case 'error':
      content = <ErrorNotice message={session.message} onRetry={() => void sessionStore.refresh()} />;
      break;
    case 'signed-out':
      content = (
        <p>
          Sign in to see your profile and your orders.{' '}
          <Link className="account-link" to="/signin?returnTo=/account">
            Sign in
          </Link>
        </p>
      );
      break;
    default:
      content = (
        <>
          {session.degraded ? (
            <DegradedNotice
              degraded={session.degraded}
              message="Showing saved account details — live data is temporarily unavailable and will be back shortly."
            />
          ) : null}
          <p>Signed in as {session.user.email}.</p>
          <ProfileSection user={session.user} />
          <OrderHistory userId={session.user.id} />
        </>
      );
  }

  return (
    <section className="account-page">
      <h1 className="account-title">Your account</h1>
      {content}
    </section>
  );
}
