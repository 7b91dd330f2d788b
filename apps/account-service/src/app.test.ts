import { json, signed, TEST_SERVICE_SECRET, tempDbPath } from '@storefront/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from './app.js';
import { type ErrorBody, signUp, startAccountApp, TEST_PASSWORDS } from './testing/helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** `meta.traceId` of an error envelope: the request's W3C trace id. */
const TRACE_ID = expect.stringMatching(/^[0-9a-f]{32}$/);

describe('app (inject)', () => {
  let started: Awaited<ReturnType<typeof startAccountApp>>;

  beforeAll(async () => {
    started = await startAccountApp();
  });

  afterAll(async () => {
    await started.close();
  });

  it('answers /health after querying the database', async () => {
    const response = await started.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({ status: 'ok', service: 'account' });
  });

  it('echoes an incoming x-request-id and generates a UUID otherwise, also on errors', async () => {
    const echoed = await started.app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'bff-req-7' },
    });
    expect(echoed.headers['x-request-id']).toBe('bff-req-7');
    const generated = await started.app.inject({ method: 'GET', url: '/profile' });
    expect(generated.statusCode).toBe(401);
    expect(generated.headers['x-request-id']).toMatch(UUID);
  });

  it('answers unknown routes with 404 NOT_FOUND and other methods on a known path with 405', async () => {
    for (const [method, url] of [
      ['GET', '/users'],
      ['DELETE', '/profile'],
      ['PUT', '/sessions/current'],
    ] as const) {
      const response = await started.app.inject(signed({ method, url }));
      expect(response.statusCode, `${method} ${url}`).toBe(405);
      expect(response.headers.allow).toEqual(expect.any(String));
      expect(json<ErrorBody>(response)).toEqual({
        error: {
          code: 'METHOD_NOT_ALLOWED',
          message: expect.stringContaining(`Method ${method} is not allowed`),
        },
        meta: { requestId: response.headers['x-request-id'], traceId: TRACE_ID },
      });
    }
    const nowhere = await started.app.inject(signed({ method: 'GET', url: '/nowhere' }));
    expect(json<ErrorBody>(nowhere)).toEqual({
      error: { code: 'NOT_FOUND', message: 'Route GET /nowhere not found' },
      meta: { requestId: nowhere.headers['x-request-id'], traceId: TRACE_ID },
    });
  });

  it('answers a malformed URL with 400 INVALID_URL', async () => {
    const response = await started.app.inject({ method: 'GET', url: '/profile/%E0%A4%A' });
    expect(response.statusCode).toBe(400);
    expect(json<ErrorBody>(response).error.code).toBe('INVALID_URL');
    expect(json<ErrorBody>(response).meta.requestId).toBe(response.headers['x-request-id']);
  });

  it('answers a body that is not JSON with a coded 4xx', async () => {
    const text = await started.app.inject({
      ...signed({ method: 'POST', url: '/users', headers: { 'content-type': 'text/plain' } }),
      payload: 'email=a',
    });
    expect(text.statusCode).toBe(400);
    expect(json<ErrorBody>(text).error.code).toBe('INVALID_REQUEST');
    const xml = await started.app.inject({
      ...signed({ method: 'POST', url: '/users', headers: { 'content-type': 'application/xml' } }),
      payload: '<user/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(json<ErrorBody>(xml).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

it('answers /health with 503 DB_UNAVAILABLE and writes with 500 INTERNAL_ERROR when the database is gone', async () => {
  const temp = tempDbPath('account-service', 'account.db');
  const app = build({ dbPath: temp.dbPath, serviceSecret: TEST_SERVICE_SECRET, passwords: TEST_PASSWORDS });
  try {
    await app.ready();
    app.db.sqlite.close();
    const health = await app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(503);
    expect(json<ErrorBody>(health).error.code).toBe('DB_UNAVAILABLE');
    const write = await signUp(app);
    expect(write.statusCode).toBe(500);
    expect(json<ErrorBody>(write)).toEqual({
      error: { code: 'INTERNAL_ERROR', message: 'Internal server error' },
      meta: { requestId: write.headers['x-request-id'], traceId: TRACE_ID },
    });
  } finally {
    await app.close();
    temp.cleanup();
  }
});

it('keeps users across a restart on the same file (WAL mode)', async () => {
  const temp = tempDbPath('account-service', 'account.db');
  try {
    const first = build({
      dbPath: temp.dbPath,
      serviceSecret: TEST_SERVICE_SECRET,
      passwords: TEST_PASSWORDS,
    });
    await first.ready();
    expect(first.db.journalMode()).toBe('wal');
    expect((await signUp(first)).statusCode).toBe(201);
    await first.close();

    const second = build({
      dbPath: temp.dbPath,
      serviceSecret: TEST_SERVICE_SECRET,
      passwords: TEST_PASSWORDS,
    });
    await second.ready();
    expect(json<ErrorBody>(await signUp(second)).error.code).toBe('EMAIL_TAKEN');
    await second.close();
  } finally {
    temp.cleanup();
  }
});

it('serves the whole journey over real HTTP on a free port', async () => {
  const temp = tempDbPath('account-service', 'account.db');
  const app = build({ dbPath: temp.dbPath, serviceSecret: TEST_SERVICE_SECRET, passwords: TEST_PASSWORDS });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
    const base = `http://127.0.0.1:${address.port}`;
    // Every call signed as the BFF signs it; the same calls unsigned are refused.
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, {
        ...signed({ method: 'POST', url: path, headers: { 'content-type': 'application/json' } }),
        body: JSON.stringify(body),
      });
    const get = (path: string, headers: Record<string, string>) =>
      fetch(`${base}${path}`, signed({ url: path, headers }));
    const unsigned = await fetch(`${base}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'wire@example.com', password: 'over-the-wire', name: 'Wire' }),
    });
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as ErrorBody).error.code).toBe('UNTRUSTED_CALLER');

    const created = await post('/users', {
      email: 'wire@example.com',
      password: 'over-the-wire',
      name: 'Wire',
    });
    expect(created.status).toBe(201);
    const { user } = (await created.json()) as { user: { id: number } };

    const signedIn = await post('/sessions', { email: 'wire@example.com', password: 'over-the-wire' });
    expect(signedIn.status).toBe(201);
    const { session } = (await signedIn.json()) as { session: { token: string } };
    const auth = { authorization: `Bearer ${session.token}` };

    const current = await get('/sessions/current', auth);
    expect(current.status).toBe(200);
    expect(((await current.json()) as { user: { id: number } }).user.id).toBe(user.id);

    const profile = await get('/profile', { 'x-user-id': String(user.id) });
    expect(profile.status).toBe(200);
    // Issue 12: `curl :4003/profile -H 'x-user-id: 1'` answered user 1's e-mail.
    const forged = await fetch(`${base}/profile`, { headers: { 'x-user-id': String(user.id) } });
    expect(forged.status).toBe(401);
    expect(await forged.text()).not.toContain('wire@example.com');

    const signedOut = await fetch(`${base}/sessions/current`, {
      ...signed({ method: 'DELETE', url: '/sessions/current', headers: auth }),
    });
    expect(signedOut.status).toBe(204);
    expect((await get('/sessions/current', auth)).status).toBe(401);
  } finally {
    await app.close();
    temp.cleanup();
  }
});
