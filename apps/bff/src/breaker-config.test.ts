import { describe, expect, it } from 'vitest';
import { minimumRpsFor } from './breaker-config.js';
import { ConfigError, loadConfig, loadResilienceConfig, resolveResilienceConfig } from './config.js';

describe('breaker kind settings', () => {
  it('gives the catalog and the account the sampling breaker by default, the cart and sign-in the consecutive one', () => {
    const settings = {
      breakerThreshold: 3,
      breakerErrorRate: 0.3,
      breakerWindowMs: 10_000,
      breakerMinCalls: 10,
    };
    expect(loadResilienceConfig('catalog', {})).toMatchObject({ breakerKind: 'sampling', ...settings });
    expect(loadResilienceConfig('account', {})).toMatchObject({ breakerKind: 'sampling', ...settings });
    expect(loadResilienceConfig('cart', {})).toMatchObject({ breakerKind: 'consecutive', ...settings });
    const { resilience } = loadConfig({});
    expect(resilience.accountPassword.breakerKind).toBe('consecutive');
    // Any BFF_[<UP>_]BREAKER_KIND wins over the per-upstream default.
    expect(loadResilienceConfig('catalog', { BFF_BREAKER_KIND: 'consecutive' }).breakerKind).toBe(
      'consecutive',
    );
    expect(loadResilienceConfig('cart', { BFF_CART_BREAKER_KIND: 'sampling' }).breakerKind).toBe('sampling');
  });

  it('reads BFF_<UP>_BREAKER_* over BFF_BREAKER_*, per upstream', () => {
    const config = loadConfig({
      BFF_BREAKER_ERROR_RATE: '0.3',
      BFF_CATALOG_BREAKER_KIND: 'Sampling',
      BFF_CATALOG_BREAKER_ERROR_RATE: '.6',
      BFF_CATALOG_BREAKER_WINDOW_MS: '5000',
      BFF_CATALOG_BREAKER_MIN_CALLS: '4',
    });
    expect(config.resilience.catalog).toMatchObject({
      breakerKind: 'sampling',
      breakerErrorRate: 0.6,
      breakerWindowMs: 5000,
      breakerMinCalls: 4,
    });
    expect(config.resilience.cart).toMatchObject({ breakerKind: 'consecutive', breakerErrorRate: 0.3 });
    expect(config.resilience.accountPassword.breakerKind).toBe('consecutive');
    expect(
      loadConfig({ BFF_ACCOUNT_PASSWORD_BREAKER_KIND: 'sampling' }).resilience.accountPassword,
    ).toMatchObject({ breakerKind: 'sampling', timeoutMs: 5000 });
  });

  it.each([
    [
      { BFF_CATALOG_BREAKER_KIND: 'rate' },
      'Invalid BFF_CATALOG_BREAKER_KIND="rate": expected consecutive or sampling',
    ],
    [
      { BFF_BREAKER_ERROR_RATE: '1' },
      'Invalid BFF_BREAKER_ERROR_RATE="1": expected a number between 0 and 1',
    ],
    [{ BFF_CART_BREAKER_ERROR_RATE: '0' }, 'Invalid BFF_CART_BREAKER_ERROR_RATE="0"'],
    [{ BFF_CART_BREAKER_ERROR_RATE: '50%' }, 'Invalid BFF_CART_BREAKER_ERROR_RATE="50%"'],
    [{ BFF_ACCOUNT_BREAKER_WINDOW_MS: '10' }, 'Invalid BFF_ACCOUNT_BREAKER_WINDOW_MS="10"'],
    [{ BFF_CATALOG_BREAKER_MIN_CALLS: '0' }, 'Invalid BFF_CATALOG_BREAKER_MIN_CALLS="0"'],
  ])('fails fast on %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('checks build() options too', () => {
    expect(resolveResilienceConfig({ breakerKind: 'sampling' }).breakerKind).toBe('sampling');
    expect(() => resolveResilienceConfig({ breakerErrorRate: 1.5 })).toThrow('breakerErrorRate=1.5');
  });

  it('turns calls per window into cockatiel’s minimumRps so exactly minCalls calls suffice', () => {
    // cockatiel opens only when calls ≥ duration × minimumRps / 1000.
    for (const [minCalls, windowMs] of [
      [10, 10_000],
      [7, 3000],
      [1, 1000],
      [333, 10_500],
    ] as const) {
      const needed = (windowMs * minimumRpsFor(minCalls, windowMs)) / 1000;
      expect(needed).toBeGreaterThan(minCalls - 1);
      expect(needed).toBeLessThanOrEqual(minCalls);
    }
  });
});
