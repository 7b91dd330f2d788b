import { SESSION_CHANGED_EVENT, type SessionChangedDetail } from '@storefront/contract/browser';
import { accountHandlers, accountMockStore, accountUnavailableResponse, demoUser } from '@storefront/mocks';
import { renderWithRouter } from '@storefront/remote-kit/testing';
import { screen, waitFor } from '@testing-library/react';
import { http } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { server } from '../../../testing/server';
import { AccountMenu } from './account-menu';
import { SignIn } from './sign-in';

const events: SessionChangedDetail[] = [];
const listener = (event: Event) => events.push((event as CustomEvent<SessionChangedDetail>).detail);

beforeEach(() => {
  events.length = 0;
  window.addEventListener(SESSION_CHANGED_EVENT, listener);
});
afterEach(() => window.removeEventListener(SESSION_CHANGED_EVENT, listener));

function renderSignIn(url: string) {
  return renderWithRouter(
    <>
      <AccountMenu />
      <SignIn />
    </>,
    url,
  );
}

const input = (name: string) => screen.getByLabelText(name) as HTMLInputElement;

describe('SignIn', () => {
  it('signs in, tells the other remotes, updates the menu and goes to returnTo', async () => {
    const { user } = renderSignIn('/signin?returnTo=/cart');
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy();
    await screen.findByRole('link', { name: 'Sign in' });

    await user.type(input('E-mail'), demoUser.email);
    await user.type(input('Password'), demoUser.password);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('link', { name: 'Hi, Ada Lovelace' })).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/cart'));
    expect(events).toEqual([
      { signedIn: true, user: { id: demoUser.id, email: demoUser.email, name: demoUser.name } },
    ]);
  });

  it('goes to /account without returnTo and refuses an off-site returnTo', async () => {
    const { user } = renderSignIn('/signin?returnTo=//evil.example');
    await user.type(input('E-mail'), demoUser.email);
    await user.type(input('Password'), demoUser.password);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('link', { name: 'Hi, Ada Lovelace' });
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/account'));
  });

  it('says so when the e-mail or password is wrong, and stays signed out', async () => {
    const { user } = renderSignIn('/signin');
    await user.type(input('E-mail'), demoUser.email);
    await user.type(input('Password'), 'not-the-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('E-mail or password is wrong.');
    expect(screen.getByTestId('location').textContent).toBe('/signin');
    expect(events).toEqual([]);
  });

  it('asks to wait when sign-in attempts are rate-limited (429 RATE_LIMITED)', async () => {
    server.use(
      http.post('*/api/account/signin', () =>
        Response.json(
          {
            error: { code: 'RATE_LIMITED', message: 'Too many sign-in attempts', retryAfterMs: 42_000 },
            meta: { requestId: 'r' },
          },
          { status: 429, headers: { 'Retry-After': '42' } },
        ),
      ),
    );
    const { user } = renderSignIn('/signin');
    await user.type(input('E-mail'), demoUser.email);
    await user.type(input('Password'), demoUser.password);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Too many attempts. Please wait a minute before trying again.',
    );
    // Not mistaken for an account outage: the form stays usable.
    expect((screen.getByRole('button', { name: 'Sign in' }) as HTMLButtonElement).disabled).toBe(false);
    expect(events).toEqual([]);
  });

  it('checks the fields before sending anything', async () => {
    const { user } = renderSignIn('/signin?mode=signup');
    await user.type(input('Name'), 'Newbie');
    await user.type(input('E-mail'), 'newbie@example');
    await user.type(input('Password'), 'long-enough');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Enter a valid e-mail address.');

    await user.type(input('E-mail'), '.com');
    await user.clear(input('Password'));
    await user.type(input('Password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The password must be 8 to 128 characters long.',
    );
    expect(events).toEqual([]);
  });

  it('creates an account with ?mode=signup and signs it in', async () => {
    const { user } = renderSignIn('/signin?mode=signup&returnTo=/checkout');
    expect(screen.getByRole('heading', { level: 1, name: 'Create account' })).toBeTruthy();
    await user.type(input('Name'), 'Newbie');
    await user.type(input('E-mail'), 'newbie@example.com');
    await user.type(input('Password'), 'long-enough');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByRole('link', { name: 'Hi, Newbie' })).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/checkout'));
    expect(events).toMatchObject([{ signedIn: true, user: { email: 'newbie@example.com', name: 'Newbie' } }]);
    expect(accountMockStore.currentUser()?.email).toBe('newbie@example.com');
  });

  it('refuses a taken e-mail on sign-up', async () => {
    const { user } = renderSignIn('/signin?mode=signup');
    await user.type(input('Name'), 'Ada again');
    await user.type(input('E-mail'), demoUser.email);
    await user.type(input('Password'), 'long-enough');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect((await screen.findByRole('alert')).textContent).toContain('already exists');
  });

  it('toggles between sign-in and sign-up, keeping returnTo', async () => {
    const { user } = renderSignIn('/signin?returnTo=/cart');
    await user.click(screen.getByRole('link', { name: 'Create an account' }));
    expect(screen.getByTestId('location').textContent).toBe('/signin?mode=signup&returnTo=%2Fcart');
    expect(screen.getByRole('heading', { level: 1, name: 'Create account' })).toBeTruthy();
    await user.click(screen.getByRole('link', { name: 'Sign in instead' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy();
  });

  it('shows the degraded widget and disables the form while the account service is unavailable', async () => {
    server.use(...accountHandlers.unavailable);
    const { user } = renderSignIn('/signin');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      'Sign-in is temporarily unavailable. You can keep browsing and your cart is kept.',
    );
    expect(input('E-mail').disabled).toBe(true);
    expect(input('Password').disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Sign in' }) as HTMLButtonElement).disabled).toBe(true);

    // Back up: "Try again" asks again and enables the form.
    server.resetHandlers();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'Sign in' })).toBeTruthy();
    expect(input('E-mail').disabled).toBe(false);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('warns a signed-out visitor before any password is typed (only /status knows the service is down)', async () => {
    // /me answers "nobody" without the account service (no session cookie); /status asks the service itself.
    server.use(http.get('*/api/account/status', () => accountUnavailableResponse(60_000)));
    renderSignIn('/signin');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Sign-in is temporarily unavailable.');
    expect(input('Password').disabled).toBe(true);
  });

  it('shows the same widget when the service goes down during the sign-in', async () => {
    const { user } = renderSignIn('/signin');
    await screen.findByRole('link', { name: 'Sign in' });
    server.use(...accountHandlers.unavailable);
    await user.type(input('E-mail'), demoUser.email);
    await user.type(input('Password'), demoUser.password);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Sign-in is temporarily unavailable.');
    expect(input('E-mail').disabled).toBe(true);
    expect(events).toEqual([]);
  });
});
