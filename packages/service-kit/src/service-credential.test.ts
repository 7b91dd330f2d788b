import { describe, expect, it } from 'vitest';
import { createApp } from './create-app.js';
import { ConfigError } from './env.js';
import {
  needsServiceCredential,
  readServiceSecret,
  SERVICE_CREDENTIAL_MAX_SKEW_MS,
  SERVICE_SIGNATURE_HEADER,
  SERVICE_TIMESTAMP_HEADER,
  ServiceCredential,
  serviceCredentialPlugin,
} from './service-credential.js';
import { json, signed, TEST_SERVICE_SECRET } from './testing/index.js';

const NOW = Date.UTC(2030, 0, 1);
const credential = new ServiceCredential(TEST_SERVICE_SECRET);
const user = { 'x-user-id': '1' };

describe('ServiceCredential', () => {
  it('accepts its own signature for the same method, target and identity', () => {
    const headers = { ...user, ...credential.sign('GET', '/profile?x=1', user, NOW) };
    expect(credential.verify('GET', '/profile?x=1', headers, NOW)).toBeNull();
    expect(credential.verify('get', '/profile?x=1', headers, NOW + 1000)).toBeNull();
  });

  it.each([
    ['another method', 'PUT', '/profile?x=1', user],
    ['another path', 'GET', '/orders?x=1', user],
    ['another query', 'GET', '/profile?x=2', user],
    ['another user', 'GET', '/profile?x=1', { 'x-user-id': '2' }],
    [
      'an added anonymous cart',
      'GET',
      '/profile?x=1',
      { ...user, 'x-anonymous-cart': 'aAaAaAaAaAaAaAaAaAaA_1' },
    ],
    ['no identity at all', 'GET', '/profile?x=1', {}],
  ])('refuses the signature replayed with %s', (_what, method, target, identity) => {
    const signature = credential.sign('GET', '/profile?x=1', user, NOW);
    expect(credential.verify(method, target, { ...identity, ...signature }, NOW)).toBe('mismatch');
  });

  it('refuses a signature made with another secret', () => {
    const other = new ServiceCredential('another-secret-of-at-least-32-bytes!!');
    const headers = { ...user, ...other.sign('GET', '/profile', user, NOW) };
    expect(credential.verify('GET', '/profile', headers, NOW)).toBe('mismatch');
  });

  it('refuses stale and future timestamps beyond the window, in both directions', () => {
    const headers = { ...user, ...credential.sign('GET', '/profile', user, NOW) };
    expect(credential.verify('GET', '/profile', headers, NOW + SERVICE_CREDENTIAL_MAX_SKEW_MS)).toBeNull();
    expect(credential.verify('GET', '/profile', headers, NOW + SERVICE_CREDENTIAL_MAX_SKEW_MS + 1)).toBe(
      'stale',
    );
    expect(credential.verify('GET', '/profile', headers, NOW - SERVICE_CREDENTIAL_MAX_SKEW_MS - 1)).toBe(
      'stale',
    );
  });

  it('tells missing from malformed credentials', () => {
    expect(credential.verify('GET', '/profile', user, NOW)).toBe('missing');
    const sig = credential.sign('GET', '/profile', user, NOW);
    expect(
      credential.verify(
        'GET',
        '/profile',
        { ...user, [SERVICE_SIGNATURE_HEADER]: sig[SERVICE_SIGNATURE_HEADER] },
        NOW,
      ),
    ).toBe('missing');
    for (const bad of [
      { [SERVICE_SIGNATURE_HEADER]: 'short', [SERVICE_TIMESTAMP_HEADER]: String(NOW) },
      { [SERVICE_SIGNATURE_HEADER]: sig[SERVICE_SIGNATURE_HEADER], [SERVICE_TIMESTAMP_HEADER]: '-1' },
      { [SERVICE_SIGNATURE_HEADER]: sig[SERVICE_SIGNATURE_HEADER], [SERVICE_TIMESTAMP_HEADER]: '1e12' },
    ]) {
      expect(credential.verify('GET', '/profile', { ...user, ...bad }, NOW)).toBe('malformed');
    }
  });

  it('refuses a secret shorter than 32 bytes', () => {
    expect(() => new ServiceCredential('x'.repeat(31))).toThrow(ConfigError);
    expect(() => new ServiceCredential('x'.repeat(32))).not.toThrow();
  });
});

describe('needsServiceCredential', () => {
  it('is true for every write and every request naming a shopper', () => {
    for (const publicReads of [false, true]) {
      const open = { publicReads };
      expect(needsServiceCredential('GET', '/profile', { 'x-user-id': '1' }, open)).toBe(true);
      expect(needsServiceCredential('GET', '/health', { 'x-anonymous-cart': 'a' }, open)).toBe(true);
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
        expect(needsServiceCredential(method, '/products', {}, open)).toBe(true);
      }
    }
  });

  it('lets only health through unsigned, unless reads are public', () => {
    expect(needsServiceCredential('GET', '/health', {})).toBe(false);
    expect(needsServiceCredential('HEAD', '/health', {})).toBe(false);
    expect(needsServiceCredential('GET', '/checkouts/unfinished', {})).toBe(true);
    expect(needsServiceCredential('GET', '/sessions/current', { authorization: 'Bearer t' })).toBe(true);
    expect(needsServiceCredential('GET', '/products', {}, { publicReads: true })).toBe(false);
    expect(needsServiceCredential('HEAD', '/products', {}, { publicReads: true })).toBe(false);
  });
});

describe('readServiceSecret', () => {
  it('names SERVICE_SECRET when it is missing or too short', () => {
    expect(() => readServiceSecret({})).toThrow(/SERVICE_SECRET is required/);
    expect(() => readServiceSecret({ SERVICE_SECRET: ' ' })).toThrow(/SERVICE_SECRET is required/);
    expect(() => readServiceSecret({ SERVICE_SECRET: 'short' })).toThrow(
      /SERVICE_SECRET must be at least 32/,
    );
    expect(readServiceSecret({ SERVICE_SECRET: TEST_SERVICE_SECRET })).toBe(TEST_SERVICE_SECRET);
  });
});

describe('serviceCredentialPlugin', () => {
  async function service(publicReads = false) {
    const app = createApp({ name: 'test', health: { service: 'test' } });
    app.register(serviceCredentialPlugin, { secret: TEST_SERVICE_SECRET, publicReads });
    app.get('/profile', async (request) => ({ user: request.headers['x-user-id'] }));
    app.get('/public', async () => ({ ok: true }));
    app.post('/public', async () => ({ ok: true }));
    await app.ready();
    return app;
  }

  it('answers a signed request naming a shopper', async () => {
    const app = await service();
    const res = await app.inject(signed({ method: 'GET', url: '/profile', headers: user }));
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ user: '1' });
    await app.close();
  });

  it('refuses missing, stale and replayed credentials with 401 UNTRUSTED_CALLER', async () => {
    const app = await service(true);
    const replayed = signed({ method: 'GET', url: '/public', headers: user });
    const wrongSecret = signed({ method: 'GET', url: '/profile', headers: user }, 'z'.repeat(32));
    const attempts = [
      { method: 'GET' as const, url: '/profile', headers: user },
      { method: 'POST' as const, url: '/public', headers: {} },
      signed(
        { method: 'GET' as const, url: '/profile', headers: user },
        TEST_SERVICE_SECRET,
        Date.now() - 120_000,
      ),
      { ...replayed, url: '/profile' },
      wrongSecret,
    ];
    for (const request of attempts) {
      const res = await app.inject(request);
      expect(res.statusCode).toBe(401);
      expect(json(res)).toMatchObject({
        error: { code: 'UNTRUSTED_CALLER' },
        meta: { requestId: expect.any(String) },
      });
    }
    await app.close();
  });

  it('needs the credential on every read but health by default', async () => {
    const app = await service();
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/public' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/nowhere' })).statusCode).toBe(401);
    expect((await app.inject(signed({ method: 'GET', url: '/public' }))).statusCode).toBe(200);
    await app.close();
  });

  it('leaves reads without identity alone when reads are public', async () => {
    const app = await service(true);
    expect((await app.inject({ method: 'GET', url: '/public' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/public' })).statusCode).toBe(401);
    expect((await app.inject(signed({ method: 'POST', url: '/public' }))).statusCode).toBe(200);
    await app.close();
  });
});
