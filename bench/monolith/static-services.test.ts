// @vitest-environment jsdom
import '../../shell/src/test/setup';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REMOTE_NAMES } from '../../shell/src/features/registry';
import { createStaticModuleLoader, MONOLITH_REGISTRY, monolithServices } from './static-services';

const catalogPage = { default: () => null };
const cartBadge = { default: () => null };
const TABLE = { catalog: { './CatalogPage': catalogPage }, cart: { './CartBadge': cartBadge } };

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('createStaticModuleLoader', () => {
  it('resolves a known module to its module object', async () => {
    const load = createStaticModuleLoader(TABLE);
    await expect(load('catalog', './CatalogPage')).resolves.toBe(catalogPage);
    await expect(load('cart', './CartBadge')).resolves.toBe(cartBadge);
  });

  it('rejects an unknown module or remote and records the failure', async () => {
    const load = createStaticModuleLoader(TABLE);
    await expect(load('catalog', './Nope')).rejects.toThrow('"catalog/Nope" is not in the monolith build');
    await expect(load('account', './AccountMenu')).rejects.toThrow('account/AccountMenu');
    // Inherited keys are not modules.
    await expect(load('catalog', 'toString')).rejects.toThrow();
    await expect(load('constructor', './CatalogPage')).rejects.toThrow();
    expect(window.__STOREFRONT__?.remoteFailures.map((f) => f.id)).toEqual([
      'catalog/Nope',
      'account/AccountMenu',
      'catalog/toString',
      'constructor/CatalogPage',
    ]);
  });
});

describe('MONOLITH_REGISTRY', () => {
  it('lists catalog, cart and account as monolith releases', () => {
    expect(Object.keys(MONOLITH_REGISTRY.remotes).sort()).toEqual(['account', 'cart', 'catalog']);
    expect(Object.keys(MONOLITH_REGISTRY.remotes).sort()).toEqual([...REMOTE_NAMES].sort());
    for (const remote of Object.values(MONOLITH_REGISTRY.remotes)) expect(remote.release).toBe('monolith');
  });

  it('is what the monolith services load, with no network', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const services = monolithServices(TABLE);
    await expect(services.loadRegistry()).resolves.toBe(MONOLITH_REGISTRY);
    await expect(services.loadModule('catalog', './CatalogPage')).resolves.toBe(catalogPage);
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
