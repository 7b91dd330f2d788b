import type { FastifyInstance } from 'fastify';

/** Error body as the service answers it. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

/** User as the API returns it. */
export interface UserBody {
  id: number;
  email: string;
  name: string;
}

/** Signs up through the API and returns the response. */
export function signUp(
  app: FastifyInstance,
  body: Record<string, unknown> = { email: 'ada@example.com', password: 'analytical-engine', name: 'Ada' },
) {
  return app.inject({ method: 'POST', url: '/users', payload: body });
}

/** Signs in through the API and returns the response. */
export function signIn(app: FastifyInstance, email: string, password: string) {
  return app.inject({ method: 'POST', url: '/sessions', payload: { email, password } });
}

/** `GET /sessions/current` with the token as a Bearer header. */
export function currentSession(app: FastifyInstance, token: string) {
  return app.inject({
    method: 'GET',
    url: '/sessions/current',
    headers: { authorization: `Bearer ${token}` },
  });
}
