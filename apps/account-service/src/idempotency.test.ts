import { IDEMPOTENCY_TTL_MS } from '@storefront/service-kit';
import { json, signed, TEST_SERVICE_SECRET, tempDbPath } from '@storefront/service-kit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from './app.js';
import { signUp, TEST_PASSWORDS, testClock, type UserBody } from './testing/helpers.js';

// The ledger as the account service registers it: in the account database, across restarts, bounded per caller.

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDb(): string {
  const { dbPath, cleanup } = tempDbPath('account-service', 'account.db');
  cleanups.push(cleanup);
  return dbPath;
}

const clock = testClock();

async function start(dbPath: string, maxIdempotencyKeysPerCaller?: number) {
  const app = build({
    dbPath,
    now: clock.now,
    maxIdempotencyKeysPerCaller,
    serviceSecret: TEST_SERVICE_SECRET,
    passwords: TEST_PASSWORDS,
  });
  cleanups.push(() => app.close());
  await app.ready();
  return app;
}

const ADA = { email: 'ada@example.com', password: 'analytical-engine', name: 'Ada' };

describe('idempotency keys of the account service', () => {
  it('survive rebuilding the app on the same database file, and expire after 24 h', async () => {
    const dbPath = tempDb();
    const before = await start(dbPath);
    const created = await signUp(before, ADA, { 'idempotency-key': 'restart-signup' });
    expect(created.statusCode).toBe(201);
    const { user } = json<{ user: UserBody }>(created);
    const profileBody = { name: 'Ada L.', shippingAddress: null };
    const putProfile = (app: typeof before) =>
      app.inject({
        ...signed({
          method: 'PUT',
          url: '/profile',
          headers: { 'x-user-id': String(user.id), 'idempotency-key': 'restart-profile' },
        }),
        payload: profileBody,
      });
    expect((await putProfile(before)).statusCode).toBe(200);
    await before.close();

    const after = await start(dbPath);
    const replayed = await signUp(after, ADA, { 'idempotency-key': 'restart-signup' });
    expect(replayed.statusCode).toBe(201);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(json<{ user: UserBody }>(replayed).user).toEqual(user);
    const profile = await putProfile(after);
    expect(profile.statusCode).toBe(200);
    expect(profile.headers['idempotent-replayed']).toBe('true');

    // A day later the key is forgotten: the same sign-up is a new request (and the e-mail is taken).
    clock.advance(IDEMPOTENCY_TTL_MS + 1);
    const expired = await signUp(after, ADA, { 'idempotency-key': 'restart-signup' });
    expect(expired.statusCode).toBe(409);
  });

  it("a flood of 50 sign-ups with fresh keys does not evict another shopper's key", async () => {
    const app = await start(tempDb(), 3);
    const victim = await signUp(app, ADA, { 'idempotency-key': 'victim-key' });
    expect(victim.statusCode).toBe(201);

    const flood = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        signUp(
          app,
          { email: `bot${i}@example.com`, password: 'password-bot', name: `Bot ${i}` },
          { 'idempotency-key': `flood-${i}` },
        ),
      ),
    );
    expect(flood.map((response) => response.statusCode)).toEqual(Array(50).fill(201));
    // Fresh keys for one e-mail cannot pile up either: only the first creates, the rest are 409 and not stored.
    for (let i = 0; i < 5; i += 1) {
      await signUp(
        app,
        { email: 'bot0@example.com', password: 'password-bot', name: 'Bot 0' },
        {
          'idempotency-key': `flood-again-${i}`,
        },
      );
    }
    expect(app.ledger.count('signup:bot0@example.com')).toBe(1);

    const replayed = await signUp(app, ADA, { 'idempotency-key': 'victim-key' });
    expect(replayed.statusCode).toBe(201);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.body).toBe(victim.body);
  }, 30_000);

  it("bounds one caller's keys (profile updates) without touching another caller's", async () => {
    const app = await start(tempDb(), 3);
    const ada = json<{ user: UserBody }>(await signUp(app, ADA)).user;
    const bot = json<{ user: UserBody }>(
      await signUp(app, { email: 'bot@example.com', password: 'password-bot', name: 'Bot' }),
    ).user;
    const put = (userId: number, key: string, name: string) =>
      app.inject({
        ...signed({
          method: 'PUT',
          url: '/profile',
          headers: { 'x-user-id': String(userId), 'idempotency-key': key },
        }),
        payload: { name, shippingAddress: null },
      });

    expect((await put(ada.id, 'ada-key', 'Ada')).statusCode).toBe(200);
    for (let i = 0; i < 50; i += 1) {
      clock.advance(1);
      expect((await put(bot.id, `bot-${i}`, `Bot ${i}`)).statusCode).toBe(200);
    }
    expect(app.ledger.count(`user:${bot.id}`)).toBe(3);
    const replayed = await put(ada.id, 'ada-key', 'Ada');
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    // The flooder only forgot its own oldest keys.
    expect((await put(bot.id, 'bot-49', 'Bot 49')).headers['idempotent-replayed']).toBe('true');
    expect((await put(bot.id, 'bot-0', 'Bot 0')).headers['idempotent-replayed']).toBeUndefined();
  });
});
