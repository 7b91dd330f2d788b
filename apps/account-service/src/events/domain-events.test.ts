// The account's domain events: UserRegistered with the user's id only, in the sign-up's transaction.
import type { FeedPage } from '@storefront/service-kit/sqlite';
import { json, signed, type TestApp } from '@storefront/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signUp, startAccountApp, type UserBody } from '../testing/helpers.js';

let started: TestApp;
beforeEach(async () => {
  started = await startAccountApp();
});
afterEach(async () => {
  await started.close();
});

async function feed(query = ''): Promise<FeedPage> {
  const response = await started.app.inject(signed({ method: 'GET', url: `/events${query}` }));
  expect(response.statusCode).toBe(200);
  return json<FeedPage>(response);
}

describe('account domain events', () => {
  it('publishes one UserRegistered per new user, with no e-mail or name in it', async () => {
    const body = { email: 'ada@example.com', password: 'analytical-engine', name: 'Ada Lovelace' };
    const created = await signUp(started.app, body, { 'idempotency-key': 'signup-key-0001' });
    expect(created.statusCode).toBe(201);
    const { user } = json<{ user: UserBody }>(created);
    // A replay of the keyed sign-up and a second sign-up with the e-mail publish nothing.
    expect((await signUp(started.app, body, { 'idempotency-key': 'signup-key-0001' })).statusCode).toBe(201);
    expect((await signUp(started.app, body)).statusCode).toBe(409);
    const { events } = await feed();
    expect(events.map((event) => [event.type, event.version, event.correlationId, event.data])).toEqual([
      ['UserRegistered', 1, String(user.id), { userId: user.id }],
    ]);
    expect(JSON.stringify(events)).not.toMatch(/ada|lovelace/i);
    expect(events[0]?.occurredAt).toBe('2030-01-01T00:00:00.000Z');
  });

  it('leaves no event when the insert fails', async () => {
    started.app.db.sqlite.exec(`CREATE TRIGGER fail_users AFTER INSERT ON users
      BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    expect((await signUp(started.app)).statusCode).toBe(500);
    expect((await feed()).events).toEqual([]);
  });

  it('serves the feed only to signed callers, in order, and refuses a bad after or limit', async () => {
    for (const name of ['a', 'b']) {
      await signUp(started.app, { email: `${name}@example.com`, password: 'analytical-engine', name });
    }
    const unsigned = await started.app.inject({ url: '/events' });
    expect(unsigned.statusCode).toBe(401);
    expect(json<{ error: { code: string } }>(unsigned).error.code).toBe('UNTRUSTED_CALLER');
    const first = await feed('?limit=1');
    const second = await feed(`?after=${first.next}`);
    expect([...first.events, ...second.events].map((event) => event.data)).toEqual([
      { userId: 1 },
      { userId: 2 },
    ]);
    for (const query of ['?after=1.5', '?limit=0', '?limit=9999']) {
      const response = await started.app.inject(signed({ method: 'GET', url: `/events${query}` }));
      expect(response.statusCode, query).toBe(400);
      expect(json<{ error: { code: string } }>(response).error.code, query).toBe('INVALID_REQUEST');
    }
  });
});
