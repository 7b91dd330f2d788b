import { describe, expect, it } from 'vitest';
import { stubUpstream } from '../test-support/stub-upstream.js';
import { AccountClient, toBrowserProfile, toNewSession } from './account-client.js';

const TOKEN = 'T'.repeat(43);
const user = { id: 4, email: 'dee@example.com', name: 'Dee' };

describe('account answers', () => {
  it('read a new session: token, Max-Age from expiresAt, the public user', () => {
    const now = Date.parse('2026-01-01T00:00:00.000Z');
    const session = toNewSession(
      { session: { token: TOKEN, expiresAt: '2026-01-01T01:00:00.500Z' }, user: { ...user, password: 'x' } },
      now,
    );
    expect(session).toEqual({ token: TOKEN, maxAgeS: 3600, user });
  });

  it.each([
    [
      'a token that could not be a cookie',
      { session: { token: 'a b', expiresAt: '2026-01-01T00:00:00Z' }, user },
    ],
    ['no expiry', { session: { token: TOKEN }, user }],
    ['no user', { session: { token: TOKEN, expiresAt: '2026-01-01T00:00:00Z' } }],
  ])('refuse a session with %s (502)', (_what, raw) => {
    expect(() => toNewSession(raw)).toThrow(expect.objectContaining({ code: 'UPSTREAM_INVALID_RESPONSE' }));
  });

  it('map a profile, with or without an address', () => {
    expect(toBrowserProfile({ userId: 4, email: 'e', name: 'n', shippingAddress: null, extra: 1 })).toEqual({
      userId: 4,
      email: 'e',
      name: 'n',
      shippingAddress: null,
    });
    expect(() => toBrowserProfile({ userId: 4, email: 'e', name: 'n', shippingAddress: 'Lyon' })).toThrow(
      expect.objectContaining({ code: 'UPSTREAM_INVALID_RESPONSE' }),
    );
  });
});

describe('AccountClient', () => {
  it('looks a token up in Authorization only, and tells an invalid session apart', async () => {
    const answers = [
      { status: 200, json: { user, session: { expiresAt: '2999-01-01T00:00:00.000Z' } } },
      { status: 401, json: { error: { code: 'SESSION_INVALID', message: 'no' } } },
    ];
    const { upstream, calls } = stubUpstream('account', () => answers.shift() ?? { status: 500, json: {} });
    const account = new AccountClient(upstream);
    expect(await account.lookupSession(TOKEN, 'r')).toEqual({
      kind: 'valid',
      user,
      expiresAt: '2999-01-01T00:00:00.000Z',
    });
    expect(await account.lookupSession(TOKEN, 'r')).toEqual({ kind: 'invalid' });
    expect(calls[0]?.url).toBe('http://service.test/sessions/current');
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('never trusts a saved copy of an expired session', async () => {
    let up = true;
    const { upstream } = stubUpstream('account', () =>
      up
        ? { status: 200, json: { user, session: { expiresAt: new Date(Date.now() + 50).toISOString() } } }
        : { status: 500, json: { error: { code: 'INTERNAL_ERROR', message: 'down' } } },
    );
    const account = new AccountClient(upstream);
    expect((await account.lookupSession(TOKEN, 'r')).kind).toBe('valid');
    up = false;
    expect((await account.lookupSession(TOKEN, 'r')).kind).toBe('saved');
    await new Promise((resolve) => setTimeout(resolve, 60));
    const expired = await account.lookupSession(TOKEN, 'r');
    expect(expired.kind === 'unavailable' ? expired.error.code : expired.kind).toBe('UPSTREAM_UNAVAILABLE');
  });
});
