import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { FakeMode } from './fake-catalog.js';

interface User {
  id: number;
  email: string;
  password: string;
  name: string;
  shippingAddress: unknown;
}

/** An account-service stand-in (docs/cart-and-account.md) on a free port. */
export interface FakeAccount {
  url: string;
  mode: FakeMode;
  users: User[];
  sessions: Map<string, { userId: number; expiresAt: string; revoked: boolean }>;
  /** Every `Authorization` header received (to check tokens never go elsewhere). */
  authorizations: string[];
  close(): Promise<void>;
}

/** Starts the fake account service on 127.0.0.1 and a free port. */
export async function startFakeAccount(): Promise<FakeAccount> {
  const server: FastifyInstance = Fastify({ logger: false, forceCloseConnections: true });
  let closed = false;
  const fake: FakeAccount = {
    url: '',
    mode: 'ok',
    users: [],
    sessions: new Map(),
    authorizations: [],
    close: async () => {
      if (closed) return;
      closed = true;
      await server.close();
    },
  };
  const publicUser = (u: User) => ({ id: u.id, email: u.email, name: u.name });
  const sessionOf = (request: FastifyRequest) => {
    const auth = request.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    const session = fake.sessions.get(token);
    const valid = session && !session.revoked && Date.parse(session.expiresAt) > Date.now();
    return { token, session: valid ? session : undefined };
  };
  const userOf = (request: FastifyRequest) =>
    fake.users.find((u) => u.id === Number(request.headers['x-user-id']));

  server.addHook('onRequest', async (request, reply) => {
    if (request.headers.authorization) fake.authorizations.push(request.headers.authorization);
    if (fake.mode === 'fail')
      return reply.code(500).send({ error: { code: 'INTERNAL_ERROR', message: 'boom' } });
    if (fake.mode === 'hang') await new Promise<never>(() => {});
  });

  server.get('/health', async () => ({ status: 'ok', service: 'account' }));

  server.post('/users', async (request, reply) => {
    const { email, password, name } = request.body as { email: string; password: string; name: string };
    const normalised = email.trim().toLowerCase();
    if (fake.users.some((u) => u.email === normalised)) {
      return reply.code(409).send({ error: { code: 'EMAIL_TAKEN', message: 'taken' } });
    }
    const user: User = {
      id: fake.users.length + 1,
      email: normalised,
      password,
      name,
      shippingAddress: null,
    };
    fake.users.push(user);
    return reply.code(201).send({ user: publicUser(user) });
  });
  server.post('/sessions', async (request, reply) => {
    const { email, password } = request.body as { email: string; password: string };
    const user = fake.users.find((u) => u.email === email.trim().toLowerCase() && u.password === password);
    if (!user) return reply.code(401).send({ error: { code: 'INVALID_CREDENTIALS', message: 'wrong' } });
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
    fake.sessions.set(token, { userId: user.id, expiresAt, revoked: false });
    return reply.code(201).send({ session: { token, expiresAt }, user: publicUser(user) });
  });
  server.get('/sessions/current', async (request, reply) => {
    const { session } = sessionOf(request);
    const user = session && fake.users.find((u) => u.id === session.userId);
    if (!session || !user) return reply.code(401).send({ error: { code: 'SESSION_INVALID', message: 'no' } });
    return { user: publicUser(user), session: { expiresAt: session.expiresAt } };
  });
  server.delete('/sessions/current', async (request, reply) => {
    const { token } = sessionOf(request);
    const session = fake.sessions.get(token);
    if (session) session.revoked = true;
    return reply.code(204).send();
  });
  server.get('/profile', async (request, reply) => {
    const user = userOf(request);
    if (!user) return reply.code(404).send({ error: { code: 'USER_NOT_FOUND', message: 'no' } });
    return {
      profile: { userId: user.id, email: user.email, name: user.name, shippingAddress: user.shippingAddress },
    };
  });
  server.put('/profile', async (request, reply) => {
    const user = userOf(request);
    if (!user) return reply.code(404).send({ error: { code: 'USER_NOT_FOUND', message: 'no' } });
    const { name, shippingAddress } = request.body as { name: string; shippingAddress: unknown };
    user.name = name;
    user.shippingAddress = shippingAddress;
    return {
      profile: { userId: user.id, email: user.email, name: user.name, shippingAddress: user.shippingAddress },
    };
  });

  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('fake account has no TCP address');
  fake.url = `http://127.0.0.1:${address.port}`;
  return fake;
}
