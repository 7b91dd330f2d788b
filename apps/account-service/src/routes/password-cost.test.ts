import { json } from '@storefront/service-kit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { PasswordHasher } from '../lib/password.js';
import { currentSession, signIn, signUp, startAccountApp, type UserBody } from '../testing/helpers.js';

const apps: Array<Awaited<ReturnType<typeof startAccountApp>>> = [];

afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function start(overrides: Parameters<typeof startAccountApp>[0] = {}) {
  const started = await startAccountApp(overrides);
  apps.push(started);
  return started;
}

/** Replaces a user's stored hash with one made at N=2^14, the cost before issue 12. */
async function giveOldHash(started: Awaited<ReturnType<typeof start>>, userId: number, password: string) {
  const old = await new PasswordHasher({ params: { N: 16384, r: 8, p: 1 } }).hash(password);
  started.app.db.setPasswordHash(userId, old, started.clock.now());
  expect(started.app.db.passwordHashOf(userId)?.startsWith('scrypt$16384$8$1$')).toBe(true);
}

describe('password cost', () => {
  it('re-hashes an N=2^14 hash at the production cost on a successful sign-in, and only then', async () => {
    // The production cost (no `passwords` override): N=2^16, r=8, p=2.
    const started = await start({ passwords: {} });
    const created = await signUp(started.app, {
      email: 'old@example.com',
      password: 'old-password',
      name: 'O',
    });
    const { id } = json<{ user: UserBody }>(created).user;
    expect(started.app.db.passwordHashOf(id)?.startsWith('scrypt$65536$8$2$')).toBe(true);
    await giveOldHash(started, id, 'old-password');

    // A wrong password changes nothing: the hash is replaced only with the password proven.
    expect((await signIn(started.app, 'old@example.com', 'not-the-password')).statusCode).toBe(401);
    expect(started.app.db.passwordHashOf(id)?.startsWith('scrypt$16384$8$1$')).toBe(true);

    const response = await signIn(started.app, 'old@example.com', 'old-password');
    expect(response.statusCode).toBe(201);
    const rehashed = started.app.db.passwordHashOf(id) ?? '';
    expect(rehashed.startsWith('scrypt$65536$8$2$')).toBe(true);
    // The new hash works, and is not re-hashed again.
    expect((await signIn(started.app, 'old@example.com', 'old-password')).statusCode).toBe(201);
    expect(started.app.db.passwordHashOf(id)).toBe(rehashed);
  }, 30_000);

  it('answers session lookups while many sign-ins wait for the hashing slots', async () => {
    // A cost that takes a visible while (N=2^14), one hash at a time: 12 sign-ins queue up behind it.
    const started = await start({ passwords: { params: { N: 16384, r: 8, p: 1 }, concurrency: 1 } });
    await signUp(started.app, { email: 'ada@example.com', password: 'analytical-engine', name: 'Ada' });
    const signedIn = await signIn(started.app, 'ada@example.com', 'analytical-engine');
    const { token } = json<{ session: { token: string } }>(signedIn).session;

    const signIns = Array.from({ length: 12 }, (_, i) =>
      signIn(started.app, `guess-${i}@example.com`, 'wrong-password'),
    );
    while (started.app.passwords.load.queued < 10) await new Promise((resolve) => setTimeout(resolve, 1));

    const lookup = await currentSession(started.app, token);
    expect(lookup.statusCode).toBe(200);
    // Answered while sign-ins were still waiting: the lookup never queued behind them.
    expect(started.app.passwords.load.queued).toBeGreaterThan(0);
    expect(started.app.passwords.load.running).toBe(1);

    const answers = await Promise.all(signIns);
    expect(new Set(answers.map((answer) => answer.statusCode))).toEqual(new Set([401]));
  }, 30_000);
});
