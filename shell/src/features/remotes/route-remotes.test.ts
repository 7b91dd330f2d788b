import { describe, expect, it } from 'vitest';
import { matchesRoute, modulesForPath, type RouteModulesTable, remotesForPath } from './route-remotes';

describe('remotesForPath', () => {
  it('the header remotes on every page, the catalog on the home and product pages', () => {
    expect(remotesForPath('/')).toEqual(['catalog', 'cart', 'account']);
    expect(remotesForPath('/products/yoga-mat')).toEqual(['catalog', 'cart', 'account']);
    expect(remotesForPath('/cart')).toEqual(['cart', 'account']);
    expect(remotesForPath('/ops')).toEqual(['cart', 'account']);
    expect(remotesForPath('/no-such-page')).toEqual(['cart', 'account']);
  });
});

describe('modulesForPath', () => {
  it('names the exposed modules of the route, then the header slots', () => {
    expect(modulesForPath('/products/yoga-mat')).toEqual([
      { remote: 'catalog', module: './ProductDetail' },
      { remote: 'cart', module: './CartBadge' },
      { remote: 'account', module: './AccountMenu' },
    ]);
    expect(modulesForPath('/cart/').map((m) => m.module)).toEqual([
      './CartPage',
      './CartBadge',
      './AccountMenu',
    ]);
  });

  it('takes the first matching route of the table it is given', () => {
    const table: RouteModulesTable = {
      frame: [],
      routes: [
        { path: '/a/:x', modules: [{ remote: 'r', module: './One' }] },
        { path: '/a/b', modules: [{ remote: 'r', module: './Two' }] },
      ],
    };
    expect(modulesForPath('/a/b', table)).toEqual([{ remote: 'r', module: './One' }]);
    expect(modulesForPath('/a', table)).toEqual([]);
  });

  it('matches `:param` against exactly one segment', () => {
    expect(matchesRoute('/products/:id', '/products/x')).toBe(true);
    expect(matchesRoute('/products/:id', '/products')).toBe(false);
    expect(matchesRoute('/products/:id', '/products/x/y')).toBe(false);
    expect(matchesRoute('/', '/')).toBe(true);
  });
});
