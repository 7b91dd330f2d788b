import { describe, expect, it } from 'vitest';
import { DEFAULT_RETURN_TO, safeReturnTo } from './return-to';

describe('safeReturnTo', () => {
  it('keeps same-site paths with their query and hash', () => {
    expect(safeReturnTo('/cart')).toBe('/cart');
    expect(safeReturnTo('/checkout?step=2#pay')).toBe('/checkout?step=2#pay');
    expect(safeReturnTo('/products/yoga-mat')).toBe('/products/yoga-mat');
  });

  it.each([
    null,
    undefined,
    '',
    'cart',
    '//evil.example',
    '//evil.example/path',
    '/\\evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    '/\tevil',
    ' /cart',
    // Known open-redirect payloads: dot segments, encoded dots and mixed slashes that normalise to `//host`.
    '/.//evil.example',
    '/./\\evil.example',
    '/..//evil.example',
    '/%2e//evil.example',
    '/%2E%2E//evil.example',
    '/.\\/evil.example',
    '/\\/evil.example',
    '/./../..//evil.example/path',
  ])('refuses %j', (value) => {
    expect(safeReturnTo(value)).toBe(DEFAULT_RETURN_TO);
  });
});
