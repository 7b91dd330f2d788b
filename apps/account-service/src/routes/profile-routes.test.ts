import { json, signed } from '@storefront/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ErrorBody, signUp, startAccountApp, type UserBody } from '../testing/helpers.js';

let started: Awaited<ReturnType<typeof startAccountApp>>;
let ada: UserBody;

beforeAll(async () => {
  started = await startAccountApp();
  ada = json<{ user: UserBody }>(await signUp(started.app)).user;
});

afterAll(async () => {
  await started.close();
});

const ADDRESS = { line1: '12 Analytical Row', city: 'London', postalCode: 'W1 1AA', country: 'GB' };

function getProfile(userId?: string) {
  const headers: Record<string, string> = userId === undefined ? {} : { 'x-user-id': userId };
  return started.app.inject(signed({ method: 'GET', url: '/profile', headers }));
}

function putProfile(payload: Record<string, unknown>, userId: string = String(ada.id)) {
  return started.app.inject({
    ...signed({ method: 'PUT', url: '/profile', headers: { 'x-user-id': userId } }),
    payload,
  });
}

describe('GET /profile', () => {
  it('answers the profile of the user in x-user-id, without an address at first', async () => {
    const response = await getProfile(String(ada.id));
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({
      profile: { userId: ada.id, email: ada.email, name: ada.name, shippingAddress: null },
    });
  });

  it('answers 400 USER_REQUIRED without a valid x-user-id', async () => {
    for (const userId of [undefined, '', 'abc', '0', '-1', '1.5', '12345678901234567890']) {
      const response = await getProfile(userId);
      expect(response.statusCode, String(userId)).toBe(400);
      expect(json<ErrorBody>(response).error.code).toBe('USER_REQUIRED');
    }
  });

  it('answers 404 USER_NOT_FOUND for an unknown user', async () => {
    const response = await getProfile('999999');
    expect(response.statusCode).toBe(404);
    expect(json<ErrorBody>(response).error.code).toBe('USER_NOT_FOUND');
  });
});

describe('PUT /profile', () => {
  it('replaces name and address (trimmed), and GET returns the same', async () => {
    const response = await putProfile({
      name: ' Augusta Ada ',
      shippingAddress: { ...ADDRESS, line1: ' 12 Analytical Row ', line2: 'Flat 3' },
    });
    expect(response.statusCode, response.body).toBe(200);
    const expected = {
      profile: {
        userId: ada.id,
        email: ada.email,
        name: 'Augusta Ada',
        shippingAddress: { ...ADDRESS, line2: 'Flat 3' },
      },
    };
    expect(json(response)).toEqual(expected);
    expect(json(await getProfile(String(ada.id)))).toEqual(expected);
  });

  it('drops an empty line2 and clears the address with null', async () => {
    const blank = await putProfile({ name: 'Ada', shippingAddress: { ...ADDRESS, line2: '  ' } });
    expect(json<{ profile: { shippingAddress: unknown } }>(blank).profile.shippingAddress).toEqual(ADDRESS);
    const cleared = await putProfile({ name: 'Ada', shippingAddress: null });
    expect(cleared.statusCode).toBe(200);
    expect(json<{ profile: { shippingAddress: unknown } }>(cleared).profile.shippingAddress).toBeNull();
  });

  it.each([
    ['missing name', { shippingAddress: ADDRESS }, 'name'],
    ['missing shippingAddress', { name: 'Ada' }, 'shippingAddress'],
    ['blank name', { name: ' ', shippingAddress: null }, 'name'],
    ['long name', { name: 'n'.repeat(81), shippingAddress: null }, 'name'],
    ['unknown field', { name: 'Ada', shippingAddress: null, email: 'x@example.com' }, 'email'],
    ['address not an object', { name: 'Ada', shippingAddress: 'London' }, 'shippingAddress'],
    [
      'missing line1',
      { name: 'Ada', shippingAddress: { ...ADDRESS, line1: undefined } },
      'shippingAddress.line1',
    ],
    ['blank line1', { name: 'Ada', shippingAddress: { ...ADDRESS, line1: '  ' } }, 'shippingAddress.line1'],
    [
      'long line1',
      { name: 'Ada', shippingAddress: { ...ADDRESS, line1: 'l'.repeat(121) } },
      'shippingAddress.line1',
    ],
    [
      'long line2',
      { name: 'Ada', shippingAddress: { ...ADDRESS, line2: 'l'.repeat(121) } },
      'shippingAddress.line2',
    ],
    ['empty city', { name: 'Ada', shippingAddress: { ...ADDRESS, city: '' } }, 'shippingAddress.city'],
    [
      'long city',
      { name: 'Ada', shippingAddress: { ...ADDRESS, city: 'c'.repeat(81) } },
      'shippingAddress.city',
    ],
    [
      'long postal code',
      { name: 'Ada', shippingAddress: { ...ADDRESS, postalCode: '1'.repeat(17) } },
      'shippingAddress.postalCode',
    ],
    [
      'lower-case country',
      { name: 'Ada', shippingAddress: { ...ADDRESS, country: 'gb' } },
      'shippingAddress.country',
    ],
    [
      '3-letter country',
      { name: 'Ada', shippingAddress: { ...ADDRESS, country: 'GBR' } },
      'shippingAddress.country',
    ],
    [
      'unknown address field',
      { name: 'Ada', shippingAddress: { ...ADDRESS, state: 'CA' } },
      'shippingAddress.state',
    ],
  ])('answers 400 INVALID_REQUEST for a %s, naming the field', async (_label, payload, field) => {
    const response = await putProfile(payload);
    expect(response.statusCode, response.body).toBe(400);
    expect(json<ErrorBody>(response).error).toMatchObject({ code: 'INVALID_REQUEST', field });
  });

  it('answers 400 USER_REQUIRED without x-user-id and 404 USER_NOT_FOUND for an unknown user', async () => {
    const noUser = await started.app.inject({
      ...signed({ method: 'PUT', url: '/profile' }),
      payload: { name: 'Ada', shippingAddress: null },
    });
    expect(noUser.statusCode).toBe(400);
    expect(json<ErrorBody>(noUser).error.code).toBe('USER_REQUIRED');
    const unknown = await putProfile({ name: 'Ada', shippingAddress: null }, '424242');
    expect(unknown.statusCode).toBe(404);
    expect(json<ErrorBody>(unknown).error.code).toBe('USER_NOT_FOUND');
  });
});

describe('PUT /profile with an Idempotency-Key', () => {
  function putOnce(payload: Record<string, unknown>, key: string, userId: string = String(ada.id)) {
    return started.app.inject({
      ...signed({ method: 'PUT', url: '/profile', headers: { 'x-user-id': userId, 'idempotency-key': key } }),
      payload,
    });
  }

  it('changes the profile once: a retry replays the first answer and changes nothing', async () => {
    const body = { name: 'Keyed Ada', shippingAddress: ADDRESS };
    const first = await putOnce(body, 'profile-once');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // Another change in between: a replay must answer the first request, not apply it again.
    await putProfile({ name: 'Later Ada', shippingAddress: null });

    const again = await putOnce(body, 'profile-once');
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(json(again)).toEqual(json(first));
    const now = json<{ profile: { name: string; shippingAddress: unknown } }>(
      await getProfile(String(ada.id)),
    );
    expect(now.profile).toMatchObject({ name: 'Later Ada', shippingAddress: null });
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with another body, changing nothing', async () => {
    await putOnce({ name: 'Reuse A', shippingAddress: null }, 'profile-reuse');
    const reused = await putOnce({ name: 'Reuse B', shippingAddress: null }, 'profile-reuse');
    expect(reused.statusCode).toBe(422);
    expect(json<ErrorBody>(reused).error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(json<{ profile: { name: string } }>(await getProfile(String(ada.id))).profile.name).toBe(
      'Reuse A',
    );
  });

  it("scopes keys to the user: another user's same key is another request", async () => {
    const grace = json<{ user: UserBody }>(
      await signUp(started.app, { email: 'grace@example.com', password: 'cobol-1959', name: 'Grace' }),
    ).user;
    const body = { name: 'Same Key', shippingAddress: null };
    expect((await putOnce(body, 'shared-key')).headers['idempotent-replayed']).toBeUndefined();
    const other = await putOnce(body, 'shared-key', String(grace.id));
    expect(other.statusCode).toBe(200);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(json<{ profile: { userId: number } }>(other).profile.userId).toBe(grace.id);
  });

  it('stores nothing for a refused request, and refuses a malformed key before any change', async () => {
    const unknown = await putOnce({ name: 'Nobody', shippingAddress: null }, 'profile-404', '424242');
    expect(unknown.statusCode).toBe(404);
    expect(started.app.ledger.count('user:424242')).toBe(0);

    await putProfile({ name: 'Before', shippingAddress: null });
    const malformed = await putOnce({ name: 'After', shippingAddress: null }, 'has space');
    expect(malformed.statusCode).toBe(400);
    expect(json<ErrorBody>(malformed).error.code).toBe('INVALID_IDEMPOTENCY_KEY');
    expect(json<{ profile: { name: string } }>(await getProfile(String(ada.id))).profile.name).toBe('Before');
  });
});
