import { startTestApp, type TestApp } from '@storefront/service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { type BuildOptions, build } from '../app.js';

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

/** The kit's test app (temp database, removed on close) with a manual clock that expires sessions. */
export async function startAccountApp(
  overrides: Partial<Omit<BuildOptions, 'dbPath' | 'now'>> = {},
): Promise<TestApp & { clock: TestClock }> {
  const clock = testClock();
  const started = await startTestApp('account-service', 'account.db', (dbPath) =>
    build({ ...overrides, dbPath, now: clock.now }),
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
  return app.inject({ method: 'POST', url: '/users', headers, payload: body });
}

/** Signs in through the API (with extra request headers, if any) and returns the response. */
export function signIn(
  app: FastifyInstance,
  email: string,
  password: string,
  headers: Record<string, string> = {},
) {
  return app.inject({ method: 'POST', url: '/sessions', headers, payload: { email, password } });
}

/** `GET /sessions/current` with the token as a Bearer header. */
export function currentSession(app: FastifyInstance, token: string) {
  return app.inject({
    method: 'GET',
    url: '/sessions/current',
    headers: { authorization: `Bearer ${token}` },
  });
}
