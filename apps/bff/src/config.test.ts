import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_PASSWORD_RESILIENCE,
  ConfigError,
  DEFAULT_RESILIENCE,
  loadConfig,
  loadResilienceConfig,
  resolveResilienceConfig,
} from './config.js';

describe('config', () => {
  it('uses the documented defaults', () => {
    const defaults = {
      timeoutMs: 1500,
      retryAttempts: 2,
      retryInitialDelayMs: 100,
      retryMaxDelayMs: 1000,
      breakerThreshold: 3,
      breakerKind: 'consecutive',
      breakerErrorRate: 0.3,
      breakerWindowMs: 10_000,
      breakerMinCalls: 10,
      halfOpenAfterMs: 5000,
      bulkheadLimit: 10,
      bulkheadQueue: 20,
      lkgMaxEntries: 500,
      lkgSearchMaxEntries: 100,
      freshMs: 0,
    };
    expect(loadConfig({})).toEqual({
      port: 4000,
      host: '127.0.0.1',
      catalogServiceUrl: 'http://127.0.0.1:4001',
      cartServiceUrl: 'http://127.0.0.1:4002',
      accountServiceUrl: 'http://127.0.0.1:4003',
      demoMode: false,
      faultProxyControlUrl: undefined,
      resilience: {
        // The per-upstream default kinds of breaker-config.ts (bench section 9).
        catalog: { ...defaults, breakerKind: 'sampling' },
        cart: defaults,
        account: { ...defaults, breakerKind: 'sampling' },
        accountPassword: { ...defaults, timeoutMs: 5000, bulkheadLimit: 4, bulkheadQueue: 8 },
      },
      limits: {
        passwordAttempts: { perIp: 30, perEmail: 10, windowMs: 60_000 },
        opsStreams: { perIp: 8, total: 64 },
      },
      replicaId: 'bff',
      peers: [],
      supervisorUrl: undefined,
      traceStoreUrl: undefined,
      checkoutRecovery: { everyMs: 5000, staleAfterMs: 10_000 },
      publicOrigins: ['http://localhost:3000', 'http://127.0.0.1:3000'],
      allowedHosts: [],
    });
  });

  it('reads the public origins and the allowed host names, refusing bad ones by name', () => {
    expect(
      loadConfig({ PUBLIC_ORIGINS: 'https://shop.example.com', ALLOWED_HOSTS: 'shop.example.com' }),
    ).toMatchObject({ publicOrigins: ['https://shop.example.com'], allowedHosts: ['shop.example.com'] });
    expect(() => loadConfig({ PUBLIC_ORIGINS: 'shop.example.com' })).toThrow(/PUBLIC_ORIGINS/);
    expect(() => loadConfig({ ALLOWED_HOSTS: 'https://shop.example.com' })).toThrow(/ALLOWED_HOSTS/);
  });

  it('reads ALERT_WEBHOOK_URL as an http(s) URL, and no webhook when it is unset', () => {
    expect(loadConfig({}).alertWebhookUrl).toBeUndefined();
    expect(loadConfig({ ALERT_WEBHOOK_URL: 'https://hooks.example.com/storefront' }).alertWebhookUrl).toBe(
      'https://hooks.example.com/storefront',
    );
    expect(() => loadConfig({ ALERT_WEBHOOK_URL: 'hooks.example.com' })).toThrow(/ALERT_WEBHOOK_URL/);
    expect(() => loadConfig({ ALERT_WEBHOOK_URL: 'ftp://hooks.example.com' })).toThrow(/ALERT_WEBHOOK_URL/);
  });

  it('reads the replica id, its peers, the supervisor and the checkout recovery settings', () => {
    expect(
      loadConfig({
        BFF_REPLICA_ID: 'bff-2',
        BFF_PEERS: 'http://127.0.0.1:4000, http://127.0.0.1:4010/',
        SUPERVISOR_URL: 'http://127.0.0.1:5900',
        TRACE_STORE_URL: 'http://127.0.0.1:5318/',
        BFF_CHECKOUT_RECOVERY_EVERY_MS: '0',
        BFF_CHECKOUT_STALE_MS: '2000',
      }),
    ).toMatchObject({
      replicaId: 'bff-2',
      peers: ['http://127.0.0.1:4000', 'http://127.0.0.1:4010'],
      supervisorUrl: 'http://127.0.0.1:5900',
      traceStoreUrl: 'http://127.0.0.1:5318',
      checkoutRecovery: { everyMs: 0, staleAfterMs: 2000 },
    });
    expect(() => loadConfig({ BFF_REPLICA_ID: 'BFF 1' })).toThrow(/BFF_REPLICA_ID/);
    expect(() => loadConfig({ BFF_PEERS: 'not a url' })).toThrow(/BFF_PEERS/);
    expect(() => loadConfig({ TRACE_STORE_URL: 'localhost:5318' })).toThrow(/TRACE_STORE_URL/);
    expect(() => loadConfig({ BFF_CHECKOUT_STALE_MS: '10' })).toThrow(/BFF_CHECKOUT_STALE_MS/);
  });

  it('reads DEMO_MODE and the fault proxy control URL (only used in demo mode)', () => {
    expect(loadConfig({ DEMO_MODE: '1' })).toMatchObject({
      demoMode: true,
      faultProxyControlUrl: 'http://127.0.0.1:5000',
    });
    expect(loadConfig({ DEMO_MODE: 'true', FAULT_PROXY_CONTROL_PORT: '5900' }).faultProxyControlUrl).toBe(
      'http://127.0.0.1:5900',
    );
    expect(
      loadConfig({ DEMO_MODE: 'TRUE', FAULT_PROXY_CONTROL_URL: 'http://localhost:6000/' })
        .faultProxyControlUrl,
    ).toBe('http://localhost:6000');
    expect(loadConfig({ DEMO_MODE: '0', FAULT_PROXY_CONTROL_URL: 'http://localhost:6000' })).toMatchObject({
      demoMode: false,
      faultProxyControlUrl: undefined,
    });
    expect(() => loadConfig({ DEMO_MODE: 'yes' })).toThrow('Invalid DEMO_MODE');
    expect(() => loadConfig({ DEMO_MODE: '1', FAULT_PROXY_CONTROL_PORT: '0' })).toThrow(
      'Invalid FAULT_PROXY_CONTROL_PORT',
    );
  });

  it('reads the cart and account settings and URLs', () => {
    const config = loadConfig({
      CART_SERVICE_URL: 'http://cart.local:9002/',
      ACCOUNT_SERVICE_URL: 'http://account.local:9003',
      BFF_CART_TIMEOUT_MS: '300',
      BFF_ACCOUNT_BREAKER_THRESHOLD: '7',
    });
    expect(config.cartServiceUrl).toBe('http://cart.local:9002');
    expect(config.accountServiceUrl).toBe('http://account.local:9003');
    expect(config.resilience.cart.timeoutMs).toBe(300);
    expect(config.resilience.account.breakerThreshold).toBe(7);
    expect(config.resilience.catalog.timeoutMs).toBe(1500);
    expect(() => loadConfig({ ACCOUNT_SERVICE_URL: 'ftp://x' })).toThrow('Invalid ACCOUNT_SERVICE_URL');
  });

  it('lets BFF_<UPSTREAM>_* win over BFF_*', () => {
    const config = loadResilienceConfig('catalog', {
      BFF_TIMEOUT_MS: '800',
      BFF_CATALOG_TIMEOUT_MS: '250',
      BFF_BREAKER_THRESHOLD: '5',
      BFF_CART_BREAKER_THRESHOLD: '9',
      BFF_LKG_MAX_ENTRIES: '0',
    });
    expect(config).toMatchObject({ timeoutMs: 250, breakerThreshold: 5, lkgMaxEntries: 0, retryAttempts: 2 });
    expect(loadResilienceConfig('cart', { BFF_CART_BREAKER_THRESHOLD: '9' }).breakerThreshold).toBe(9);
    // 0 turns the breaker off (the benchmarks' fail-fast comparison).
    expect(loadResilienceConfig('catalog', { BFF_BREAKER_THRESHOLD: '0' }).breakerThreshold).toBe(0);
  });

  it('gives sign-in and sign-up their own policy, BFF_ACCOUNT_PASSWORD_* over BFF_* over its defaults', () => {
    expect(loadConfig({}).resilience.accountPassword).toMatchObject(ACCOUNT_PASSWORD_RESILIENCE);
    const config = loadConfig({
      BFF_ACCOUNT_PASSWORD_BULKHEAD_LIMIT: '2',
      BFF_BULKHEAD_QUEUE: '3',
      BFF_ACCOUNT_BULKHEAD_LIMIT: '50',
    });
    expect(config.resilience.accountPassword).toMatchObject({
      bulkheadLimit: 2,
      bulkheadQueue: 3,
      timeoutMs: 5000,
    });
    expect(config.resilience.account).toMatchObject({ bulkheadLimit: 50, bulkheadQueue: 3, timeoutMs: 1500 });
  });

  it('reads the sign-in rate limits and the ops stream caps, refusing bad ones by name', () => {
    expect(
      loadConfig({
        BFF_AUTH_LIMIT_PER_IP: '0',
        BFF_AUTH_LIMIT_PER_EMAIL: '5',
        BFF_AUTH_LIMIT_WINDOW_MS: '30000',
        BFF_OPS_STREAMS_PER_IP: '2',
        BFF_OPS_STREAMS_MAX: '10',
      }).limits,
    ).toEqual({
      passwordAttempts: { perIp: 0, perEmail: 5, windowMs: 30_000 },
      opsStreams: { perIp: 2, total: 10 },
    });
    expect(() => loadConfig({ BFF_AUTH_LIMIT_PER_EMAIL: '-1' })).toThrow(/BFF_AUTH_LIMIT_PER_EMAIL/);
    // Each of the replicas in BFF_PEERS (this one included) enforces its share; 0 stays off, the total cap is its own.
    const peers = 'http://127.0.0.1:4000,http://127.0.0.1:4010,http://127.0.0.1:4011';
    expect(loadConfig({ BFF_PEERS: peers, BFF_AUTH_LIMIT_PER_IP: '0' }).limits).toEqual({
      passwordAttempts: { perIp: 0, perEmail: 4, windowMs: 60_000 },
      opsStreams: { perIp: 3, total: 64 },
    });
    expect(
      loadConfig({ BFF_PEERS: peers, BFF_AUTH_LIMIT_PER_EMAIL: '1' }).limits.passwordAttempts.perEmail,
    ).toBe(1);
    expect(() => loadConfig({ BFF_OPS_STREAMS_PER_IP: '0' })).toThrow(/BFF_OPS_STREAMS_PER_IP/);
  });

  it.each([
    [{ BFF_TIMEOUT_MS: 'fast' }, 'Invalid BFF_TIMEOUT_MS="fast": expected an integer from 1 to 600000'],
    [{ BFF_CATALOG_RETRY_ATTEMPTS: '-1' }, 'Invalid BFF_CATALOG_RETRY_ATTEMPTS="-1"'],
    [{ BFF_BREAKER_THRESHOLD: '-1' }, 'Invalid BFF_BREAKER_THRESHOLD="-1"'],
    [{ BFF_BREAKER_THRESHOLD: '1001' }, 'Invalid BFF_BREAKER_THRESHOLD="1001"'],
    [{ BFF_BULKHEAD_LIMIT: '1.5' }, 'Invalid BFF_BULKHEAD_LIMIT="1.5"'],
    [{ PORT: '70000' }, 'Invalid PORT="70000"'],
    [{ CATALOG_SERVICE_URL: 'catalog:4001' }, 'Invalid CATALOG_SERVICE_URL="catalog:4001"'],
    [{ BFF_RETRY_INITIAL_DELAY_MS: '500', BFF_RETRY_MAX_DELAY_MS: '100' }, 'max delay 100 ms is below'],
  ])('fails fast on %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('checks options given to build() as well', () => {
    expect(resolveResilienceConfig({ timeoutMs: 100 })).toEqual({ ...DEFAULT_RESILIENCE, timeoutMs: 100 });
    expect(() => resolveResilienceConfig({ bulkheadLimit: 0 })).toThrow(
      'Invalid resilience option bulkheadLimit=0',
    );
  });
});
