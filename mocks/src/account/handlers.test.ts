import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from '../node';
import { demoUser } from './fixtures';
import { accountHandlers, createAccountHandlers } from './handlers';
import { AccountMockStore, accountMockStore } from './store';
import { validateAddress, validateProfile, validateSignUp } from './validate';

const BASE = 'http://bff.test/api';
const server = setupServer(...accountHandlers.normal);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  accountMockStore.reset();
});
afterAll(() => server.close());

interface Answer<T> {
  status: number;
  headers: Headers;
  body: T;
}

type ErrorBody = { error: { code: string; message: string } };

async function call<T>(method: string, path: string, json?: unknown): Promise<Answer<T>> {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: json === undefined ? undefined : { 'content-type': 'application/json' },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

describe('account handlers, normal', () => {
  it('signs in, tells who is signed in and signs out', async () => {
    const before = await call<{ user: unknown; meta: { degraded: unknown } }>('GET', '/account/me');
    expect(before.body.user).toBeNull();
    expect(before.body.meta.degraded).toBeNull();

    const signIn = await call<{ user: { id: number; email: string; name: string } }>(
      'POST',
      '/account/signin',
      { email: ' ADA@example.com ', password: demoUser.password },
    );
    expect(signIn.status).toBe(200);
    expect(signIn.body.user).toEqual({ id: demoUser.id, email: demoUser.email, name: demoUser.name });
    expect((await call<{ user: { id: number } }>('GET', '/account/me')).body.user.id).toBe(demoUser.id);

    expect((await call('POST', '/account/signout')).status).toBe(200);
    expect((await call<{ user: unknown }>('GET', '/account/me')).body.user).toBeNull();
  });

  it('refuses a wrong password and a malformed body', async () => {
    const wrong = await call<ErrorBody>('POST', '/account/signin', {
      email: demoUser.email,
      password: 'nope-nope',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');

    const broken = await fetch(`${BASE}/account/signin`, { method: 'POST', body: '{ nope' });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as ErrorBody).error.code).toBe('INVALID_REQUEST');
  });

  it('signs up a new user, and refuses a taken e-mail or a short password', async () => {
    const created = await call<{ user: { email: string; name: string } }>('POST', '/account/signup', {
      email: 'New@Example.com',
      password: 'long-enough',
      name: ' Newbie ',
    });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ email: 'new@example.com', name: 'Newbie' });
    expect((await call<{ user: { email: string } }>('GET', '/account/me')).body.user.email).toBe(
      'new@example.com',
    );

    const taken = await call<ErrorBody>('POST', '/account/signup', {
      email: demoUser.email,
      password: 'long-enough',
      name: 'Again',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('EMAIL_TAKEN');

    const short = await call<ErrorBody>('POST', '/account/signup', {
      email: 'x@y.zz',
      password: 'short',
      name: 'X',
    });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toContain('password');
  });

  it('needs a session for the profile', async () => {
    const answer = await call<ErrorBody>('GET', '/account/profile');
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('AUTH_REQUIRED');
    expect((await call('PUT', '/account/profile', { name: 'X', shippingAddress: null })).status).toBe(401);
  });

  it('reads and updates the profile', async () => {
    accountMockStore.signInAs(demoUser.email);
    const profile = await call<{ profile: { name: string; shippingAddress: { city: string } } }>(
      'GET',
      '/account/profile',
    );
    expect(profile.body.profile.shippingAddress.city).toBe('London');

    const saved = await call<{ profile: { name: string; shippingAddress: { country: string } } }>(
      'PUT',
      '/account/profile',
      {
        name: 'Ada L.',
        shippingAddress: { line1: '1 Road', city: 'Paris', postalCode: '75001', country: 'fr' },
      },
    );
    expect(saved.status).toBe(200);
    expect(saved.body.profile).toMatchObject({ name: 'Ada L.', shippingAddress: { country: 'FR' } });
    expect((await call<{ user: { name: string } }>('GET', '/account/me')).body.user.name).toBe('Ada L.');

    const bad = await call<ErrorBody>('PUT', '/account/profile', {
      name: 'Ada',
      shippingAddress: { line1: '1 Road', city: 'Paris', postalCode: '75001', country: 'France' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_REQUEST');
  });
});

describe('account handlers, degraded and unavailable', () => {
  it('answers reads with saved copies and writes with 503 when degraded', async () => {
    server.use(...accountHandlers.degraded);
    accountMockStore.signInAs(demoUser.email);
    const me = await call<{ user: { id: number }; meta: { degraded: { service: string } } }>(
      'GET',
      '/account/me',
    );
    expect(me.headers.get('Storefront-Degraded')).toBe('account; reason=circuit-open');
    expect(me.body.meta.degraded).toMatchObject({ service: 'account', retryAfterMs: 5000 });
    expect(me.body.user.id).toBe(demoUser.id);

    const signIn = await call<ErrorBody>('POST', '/account/signin', { email: demoUser.email, password: 'x' });
    expect(signIn.status).toBe(503);
    expect(signIn.body.error.code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('answers 503 with Retry-After to everything but sign-out when unavailable', async () => {
    server.use(...accountHandlers.unavailable);
    for (const [method, path] of [
      ['GET', '/account/me'],
      ['GET', '/account/status'],
      ['POST', '/account/signin'],
      ['GET', '/account/profile'],
      ['PUT', '/account/profile'],
    ] as const) {
      const answer = await call<{ error: { code: string; retryAfterMs: number } }>(method, path, {});
      expect(answer.status).toBe(503);
      expect(answer.headers.get('Retry-After')).toBe('5');
      expect(answer.body.error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryAfterMs: 4200 });
    }
    // The BFF always clears the session cookie, whether or not the account service hears about it.
    accountMockStore.signInAs(demoUser.email);
    const signOut = await call<{ user: null }>('POST', '/account/signout');
    expect(signOut.status).toBe(200);
    expect(signOut.body.user).toBeNull();
    expect(accountMockStore.currentUser()).toBeNull();
  });

  it('can use its own store and answer once', async () => {
    const store = new AccountMockStore();
    store.signInAs('grace@example.com');
    server.use(...createAccountHandlers('unavailable', { retryAfterMs: 50, once: true, store }));
    expect((await call('GET', '/account/me')).status).toBe(503);
    expect((await call<{ user: unknown }>('GET', '/account/me')).body.user).toBeNull();
    server.use(...createAccountHandlers('normal', { store }));
    expect((await call<{ user: { name: string } }>('GET', '/account/me')).body.user.name).toBe(
      'Grace Hopper',
    );
  });
});

describe('account validation', () => {
  it('checks sign-up fields', () => {
    expect(validateSignUp({ email: 'a@b.co', password: '12345678', name: 'A' })).toEqual({
      ok: true,
      value: { email: 'a@b.co', password: '12345678', name: 'A' },
    });
    expect(validateSignUp({ email: 'not-an-email', password: '12345678', name: 'A' })).toMatchObject({
      ok: false,
    });
    expect(validateSignUp({ email: 'a@b.co', password: 'x'.repeat(129), name: 'A' })).toMatchObject({
      ok: false,
    });
    expect(validateSignUp({ email: 'a@b.co', password: '12345678', name: '  ' })).toMatchObject({
      ok: false,
    });
    expect(validateSignUp('nope')).toMatchObject({ ok: false });
  });

  it('checks addresses and profiles', () => {
    expect(validateAddress(null)).toEqual({ ok: true, value: null });
    expect(
      validateAddress({ line1: ' 1 Road ', line2: '', city: 'Oslo', postalCode: '0150', country: 'no' }),
    ).toEqual({ ok: true, value: { line1: '1 Road', city: 'Oslo', postalCode: '0150', country: 'NO' } });
    expect(validateAddress({ line1: '1 Road', city: 'Oslo', postalCode: '', country: 'NO' })).toMatchObject({
      ok: false,
    });
    expect(validateProfile({ name: 'A', shippingAddress: 'home' })).toMatchObject({ ok: false });
    expect(validateProfile({ shippingAddress: null })).toMatchObject({ ok: false });
  });
});
