import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ABUSE_LIMITS } from '../limits-config.js';
import { type Browser, type Harness, startHarness } from '../test-support/shopper-harness.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

const PASSWORD = 'correct-horse-battery';
/** `meta.traceId` of an error envelope: the request's W3C trace id. */
const TRACE_ID = expect.stringMatching(/^[0-9a-f]{32}$/);

async function setUp(passwordAttempts: Partial<typeof DEFAULT_ABUSE_LIMITS.passwordAttempts>) {
  h = await startHarness({
    limits: {
      ...DEFAULT_ABUSE_LIMITS,
      passwordAttempts: { ...DEFAULT_ABUSE_LIMITS.passwordAttempts, ...passwordAttempts },
    },
  });
  return h;
}

function signIn(browser: Browser, email: string, password = 'wrong-password', from?: string) {
  return browser.request({
    method: 'POST',
    url: '/api/account/signin',
    body: { email, password },
    headers: from ? { 'x-forwarded-for': from } : {},
  });
}

function signUp(browser: Browser, email: string, from?: string) {
  return browser.request({
    method: 'POST',
    url: '/api/account/signup',
    body: { email, password: PASSWORD, name: 'Shopper' },
    headers: from ? { 'x-forwarded-for': from } : {},
  });
}

describe('sign-in and sign-up rate limits', () => {
  it('refuses a 4th attempt for one e-mail with 429 RATE_LIMITED, Retry-After and the one envelope', async () => {
    const { browser } = await setUp({ perEmail: 3, perIp: 100 });
    const b = browser();
    for (let i = 0; i < 3; i++) expect((await signIn(b, 'ada@example.com')).statusCode).toBe(401);
    // Counted on the normalised e-mail: case and spaces do not make another one.
    const limited = await signIn(b, '  ADA@Example.com ', PASSWORD);
    expect(limited.statusCode).toBe(429);
    const seconds = Number(limited.headers['retry-after']);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(limited.json()).toEqual({
      error: {
        code: 'RATE_LIMITED',
        message: expect.stringContaining('for this e-mail'),
        retryAfterMs: seconds * 1000,
      },
      meta: { requestId: limited.headers['x-request-id'], traceId: TRACE_ID },
    });
    // Another e-mail from the same browser is not limited by that one.
    expect((await signIn(b, 'grace@example.com')).statusCode).toBe(401);
  });

  it('counts sign-ups and sign-ins together per client address, from the hop the shell host appended', async () => {
    const { browser, account } = await setUp({ perIp: 3, perEmail: 100 });
    const b = browser();
    // The shell host (a loopback peer here) appends the browser's address: that is the client.
    expect((await signUp(b, 'one@example.com', '198.51.100.7')).statusCode).toBe(201);
    expect((await signIn(b, 'two@example.com', 'wrong-password', '198.51.100.7')).statusCode).toBe(401);
    // What a browser writes in front of it is not trusted over the hop the proxy added.
    expect(
      (await signIn(b, 'three@example.com', 'wrong-password', '10.0.0.1, 198.51.100.7')).statusCode,
    ).toBe(401);
    const limited = await signUp(b, 'four@example.com', '203.0.113.1, 198.51.100.7');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.message).toContain('from this address');
    // Refused before the account service: no fourth user.
    expect(account.users.map((u) => u.email)).toEqual(['one@example.com']);
    // Another address is not limited.
    expect((await signIn(b, 'two@example.com', 'wrong-password', '198.51.100.8')).statusCode).toBe(401);
  });

  it('trusts x-forwarded-for only from a loopback peer: a remote caller is counted by its socket', async () => {
    const { app } = await setUp({ perIp: 2, perEmail: 100 });
    const attempt = (i: number) =>
      app.inject({
        method: 'POST',
        url: '/api/account/signin',
        payload: { email: `guess-${i}@example.com`, password: 'wrong-password' },
        // A new forged address each time: without trust, all of them are 203.0.113.9.
        headers: { 'x-forwarded-for': `192.0.2.${i}` },
        remoteAddress: '203.0.113.9',
      });
    expect((await attempt(1)).statusCode).not.toBe(429);
    expect((await attempt(2)).statusCode).not.toBe(429);
    expect((await attempt(3)).statusCode).toBe(429);
  });

  it('limits nothing else: signed-in pages and sign-out go on while sign-ins are refused', async () => {
    const { browser } = await setUp({ perIp: 2, perEmail: 100 });
    const b = browser();
    expect((await signUp(b, 'eve@example.com')).statusCode).toBe(201);
    expect((await signIn(b, 'eve@example.com')).statusCode).toBe(401);
    expect((await signIn(b, 'eve@example.com')).statusCode).toBe(429);
    expect((await b.request({ url: '/api/account/profile' })).statusCode).toBe(200);
    expect((await b.request({ url: '/api/account/me' })).json().user.email).toBe('eve@example.com');
    expect((await b.request({ method: 'POST', url: '/api/account/signout' })).statusCode).toBe(200);
  });
});

describe('the account-password bulkhead', () => {
  it('keeps session lookups answered while sign-ins fill their own bulkhead', async () => {
    const { browser, account, app } = await setUp({ perIp: 0, perEmail: 0 });
    const shopper = browser();
    expect((await signUp(shopper, 'ada@example.com')).statusCode).toBe(201);

    // The account service takes sign-ins but does not answer them (a flood of slow scrypt hashes).
    const release = account.faults.hold('POST /sessions');
    const { bulkheadLimit, bulkheadQueue } = app.resilience.get('account-password').config;
    const attacker = browser();
    const held = Array.from({ length: bulkheadLimit + bulkheadQueue }, (_, i) =>
      signIn(attacker, `guess-${i}@example.com`),
    );
    // One more than the bulkhead holds: refused at once, naming its policy.
    const refused = await signIn(attacker, 'one-more@example.com');
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', service: 'account-password' });

    // Meanwhile, the signed-in shopper's pages need session lookups: their bulkhead is free.
    for (let i = 0; i < 10; i++) {
      expect((await shopper.request({ url: '/api/account/profile' })).statusCode).toBe(200);
    }
    const resilience = (await shopper.request({ url: '/api/resilience' })).json();
    const byName = new Map(
      resilience.upstreams.map((u: { name: string; counts: { rejected: number } }) => [u.name, u.counts]),
    );
    expect(byName.get('account-password')).toMatchObject({ rejected: 1 });
    expect(byName.get('account')).toMatchObject({ rejected: 0 });

    release();
    const answers = await Promise.all(held);
    expect(new Set(answers.map((answer) => answer.statusCode))).toEqual(new Set([401]));
  });
});
