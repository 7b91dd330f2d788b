import { randomBytes } from 'node:crypto';
import { IDEMPOTENT_REPLAYED_HEADER, keyReusedError } from '@storefront/service-kit';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { type CredentialLog, checkServiceCredential } from './fake-credential.js';
import { FakeEventFeed } from './fake-event-feed.js';
import { type FakeMode, installFaults, RouteFaults } from './fake-faults.js';
import { errorOf, FakeLedger } from './fake-ledger.js';

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
  /** Per-route faults, e.g. `faults.set('PUT /profile', 'reset-after', 1)`. */
  faults: RouteFaults;
  /** Keyed sign-ups (per e-mail) and profile updates (per user), as the service stores them. */
  ledger: FakeLedger;
  users: User[];
  sessions: Map<string, { userId: number; expiresAt: string; revoked: boolean }>;
  /** Every `Authorization` header received (to check tokens never go elsewhere). */
  authorizations: string[];
  /** Requests refused for a missing or invalid BFF credential (none, when the BFF signs them all). */
  credentials: CredentialLog;
  /** Its outbox, served as `GET /events` (publish into it to feed the events view). */
  feed: FakeEventFeed;
  close(): Promise<void>;
}

/** Starts the fake account service on 127.0.0.1 and a free port. */
export async function startFakeAccount(): Promise<FakeAccount> {
  const server: FastifyInstance = Fastify({ logger: false, forceCloseConnections: true });
  let closed = false;
  const fake: FakeAccount = {
    url: '',
    mode: 'ok',
    faults: new RouteFaults(),
    ledger: new FakeLedger(),
    users: [],
    sessions: new Map(),
    authorizations: [],
    credentials: { refused: [] },
    feed: new FakeEventFeed(),
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

  server.addHook('onRequest', async (request) => {
    if (request.headers.authorization) fake.authorizations.push(request.headers.authorization);
  });
  checkServiceCredential(server, { publicReads: false }, fake.credentials);
  installFaults(server, fake.faults, () => fake.mode);
  fake.feed.serve(server);

  server.get('/health', async () => ({ status: 'ok', service: 'account' }));

  // Keyed per e-mail, the password left out of the fingerprint (the service checks it on a replay instead).
  server.post('/users', async (request, reply) => {
    const { email, password, name } = request.body as { email: string; password: string; name: string };
    const normalised = email.trim().toLowerCase();
    const scope = { caller: `signup:${normalised}`, fingerprint: { email, name } };
    const result = fake.ledger.run(request, scope, () => {
      if (fake.users.some((u) => u.email === normalised)) {
        return { status: 409, body: errorOf('EMAIL_TAKEN', 'taken') };
      }
      const user: User = {
        id: fake.users.length + 1,
        email: normalised,
        password,
        name,
        shippingAddress: null,
      };
      fake.users.push(user);
      return { status: 201, body: { user: publicUser(user) } };
    });
    if (result.replayed) {
      // A replay must prove the first sign-up's password, else the key was reused for another request.
      const user = fake.users.find((u) => u.email === normalised);
      if (user?.password !== password) return reply.code(422).send(keyReusedError().toBody(request.id));
      reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
    }
    return reply.code(result.status).send(result.body);
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
    return fake.ledger.answer(
      request,
      reply,
      { caller: `user:${user.id}`, fingerprint: request.body },
      () => {
        user.name = name;
        user.shippingAddress = shippingAddress;
        const profile = { userId: user.id, email: user.email, name, shippingAddress };
        return { status: 200, body: { profile } };
      },
    );
  });

  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('fake account has no TCP address');
  fake.url = `http://127.0.0.1:${address.port}`;
  return fake;
}
