import { describe, expect, it } from 'vitest';
import { remotesForPath } from './route-remotes';

describe('remotesForPath', () => {
  it('the header remotes on every page, the catalog on the home and product pages', () => {
    expect(remotesForPath('/')).toEqual(['catalog', 'cart', 'account']);
    expect(remotesForPath('/products/yoga-mat')).toEqual(['catalog', 'cart', 'account']);
    expect(remotesForPath('/cart')).toEqual(['cart', 'account']);
    expect(remotesForPath('/ops')).toEqual(['cart', 'account']);
  });
});
