// Only the BFF may name a shopper, sign up, sign in or out: issue 12, "Services trust only the BFF".
import { json, signed, TEST_SERVICE_SECRET } from '@storefront/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ErrorBody, signIn, signUp, startAccountApp, type UserBody } from './testing/helpers.js';

let started: Awaited<ReturnType<typeof startAccountApp>>;
let ada: UserBody;

beforeAll(async () => {
  started = await startAccountApp();
  ada = json<{ user: UserBody }>(await signUp(started.app)).user;
});

afterAll(async () => {
  await started.close();
});

function expectUntrusted(response: { statusCode: number; body: string }): void {
  expect(response.statusCode).toBe(401);
  expect(json<ErrorBody>(response).error.code).toBe('UNTRUSTED_CALLER');
  expect(response.body).not.toContain(ada.email);
}

const asAda = () => ({ 'x-user-id': String(ada.id) });

describe('GET /profile', () => {
  it("answers Ada's profile to the BFF", async () => {
    const response = await started.app.inject(signed({ method: 'GET', url: '/profile', headers: asAda() }));
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(ada.email);
  });

  it.each([
    ['no credential', () => ({ method: 'GET' as const, url: '/profile', headers: asAda() })],
    ['a wrong secret', () => signed({ method: 'GET', url: '/profile', headers: asAda() }, 'w'.repeat(32))],
    [
      'a stale timestamp',
      () =>
        signed(
          { method: 'GET', url: '/profile', headers: asAda() },
          TEST_SERVICE_SECRET,
          Date.now() - 90_000,
        ),
    ],
    [
      'a credential replayed from another path',
      () => ({ ...signed({ method: 'GET', url: '/sessions/current', headers: asAda() }), url: '/profile' }),
    ],
    [
      'a credential of another user',
      () => {
        const other = signed({ method: 'GET', url: '/profile', headers: { 'x-user-id': '999' } });
        return { ...other, headers: { ...other.headers, ...asAda() } };
      },
    ],
  ])('is refused with 401 UNTRUSTED_CALLER with %s', async (_what, request) => {
    expectUntrusted(await started.app.inject(request()));
  });
});

describe('sign-up, sign-in and sign-out', () => {
  it('are refused unless signed', async () => {
    expectUntrusted(
      await started.app.inject({
        method: 'POST',
        url: '/users',
        payload: { email: 'mallory@example.com', password: 'password-guess', name: 'M' },
      }),
    );
    expectUntrusted(
      await started.app.inject({
        method: 'POST',
        url: '/sessions',
        payload: { email: ada.email, password: 'analytical-engine' },
      }),
    );
    expectUntrusted(await started.app.inject({ method: 'DELETE', url: '/sessions/current' }));
    expect((await signIn(started.app, ada.email, 'analytical-engine')).statusCode).toBe(201);
  });

  it('leave /health open', async () => {
    expect((await started.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});
