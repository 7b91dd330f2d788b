import { signed, startTestApp, TEST_SERVICE_SECRET, type TestApp } from '@storefront/service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { type BuildOptions, build } from '../app.js';
import type { ScryptParams } from '../lib/password.js';

/** A cheap scrypt cost for tests (~1 ms a hash); one test per concern uses the production cost. */
export const TEST_SCRYPT_PARAMS: ScryptParams = { N: 1024, r: 8, p: 1 };
/** `build({ passwords })` for tests that build the app themselves: the cheap cost. */
export const TEST_PASSWORDS = { params: TEST_SCRYPT_PARAMS };

/** Error body as the service answers it: the one envelope of every process. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string };
  meta: { requestId: string };
}

/** A clock tests can move forward. */
export interface TestClock {
  now: () => number;
  advance: (ms: number) => void;
}

/** A manual clock starting at a fixed instant. */
export function testClock(start = Date.UTC(2030, 0, 1)): TestClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}

/**
 * The kit's test app (temp database, removed on close) with a manual clock that expires sessions, and the cheap
 * test scrypt cost unless `overrides.passwords` says otherwise. It trusts `TEST_SERVICE_SECRET`: the helpers
 * below sign their requests with it, as the BFF does.
 */
export async function startAccountApp(
  overrides: Partial<Omit<BuildOptions, 'dbPath' | 'now'>> = {},
): Promise<TestApp & { clock: TestClock }> {
  const clock = testClock();
  const started = await startTestApp('account-service', 'account.db', (dbPath) =>
    build({
      passwords: TEST_PASSWORDS,
      serviceSecret: TEST_SERVICE_SECRET,
      ...overrides,
      dbPath,
      now: clock.now,
    }),
  );
  return { ...started, clock };
}

/** User as the API returns it. */
export interface UserBody {
  id: number;
  email: string;
  name: string;
}

/** Signs up through the API (with extra request headers, if any) and returns the response. */
export function signUp(
  app: FastifyInstance,
  body: Record<string, unknown> = { email: 'ada@example.com', password: 'analytical-engine', name: 'Ada' },
  headers: Record<string, string> = {},
) {
  return app.inject({ ...signed({ method: 'POST', url: '/users', headers }), payload: body });
}

/** Signs in through the API (with extra request headers, if any) and returns the response. */
export function signIn(
  app: FastifyInstance,
  email: string,
  password: string,
  headers: Record<string, string> = {},
) {
  return app.inject({
    ...signed({ method: 'POST', url: '/sessions', headers }),
    payload: { email, password },
  });
}

/** `GET /sessions/current` with the token as a Bearer header. */
export function currentSession(app: FastifyInstance, token: string) {
  return app.inject(
    signed({ method: 'GET', url: '/sessions/current', headers: { authorization: `Bearer ${token}` } }),
  );
}

/** `inject` as the BFF sends it: signed, with a JSON body when given. */
export function call(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  headers: Record<string, string> = {},
  payload?: Record<string, unknown>,
) {
  return app.inject({ ...signed({ method, url, headers }), ...(payload === undefined ? {} : { payload }) });
}
