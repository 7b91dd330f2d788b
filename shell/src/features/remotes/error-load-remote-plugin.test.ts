import { createInstance } from '@module-federation/enhanced/runtime';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { errorLoadRemotePlugin } from './error-load-remote-plugin';

const MANIFEST = 'https://catalog.example.test/mf-manifest.json';
const server = setupServer(http.get(MANIFEST, () => HttpResponse.json({ error: 'down' }, { status: 503 })));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => vi.restoreAllMocks());
afterAll(() => server.close());

describe('errorLoadRemote plugin (real MF runtime)', () => {
  it('records the failure with the remote and lifecycle, and lets the error reach the caller', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const federation = createInstance({
      name: 'shell-test',
      remotes: [{ name: 'catalog', entry: MANIFEST }],
      plugins: [errorLoadRemotePlugin()],
      shareStrategy: 'loaded-first',
    });

    await expect(federation.loadRemote('catalog/CatalogPage')).rejects.toThrow();

    const failures = window.__STOREFRONT__?.remoteFailures ?? [];
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.at(-1)).toMatchObject({
      id: 'catalog/CatalogPage',
      lifecycle: 'onLoad',
      remote: 'catalog',
    });
    expect(failures.map((f) => f.lifecycle)).toContain('afterResolve');
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('remote "catalog" failed (onLoad)'),
      expect.anything(),
    );
  });
});
