import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { REGISTRY_ELEMENT_ID } from './registry';

// The MF runtime is the browser's; here only what the shell asks of it is recorded.
const runtime = vi.hoisted(() => ({
  registerRemotes: vi.fn(),
}));
vi.mock('@module-federation/enhanced/runtime', () => runtime);

const server = setupServer();
let fetched = 0;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  document.getElementById(REGISTRY_ELEMENT_ID)?.remove();
  for (const link of document.querySelectorAll('link[rel="preload"]')) link.remove();
  runtime.registerRemotes.mockClear();
  fetched = 0;
});
afterAll(() => server.close());

function serveRegistry(release: string) {
  server.use(
    http.get('*/registry.json', () => {
      fetched += 1;
      return HttpResponse.json({
        schemaVersion: 1,
        remotes: { catalog: { entry: `https://c.example.test/${release}/mf-manifest.json`, release } },
      });
    }),
  );
}

function inlineRegistry(release: string) {
  const script = document.createElement('script');
  script.type = 'application/json';
  script.id = REGISTRY_ELEMENT_ID;
  script.textContent = JSON.stringify({
    schemaVersion: 1,
    remotes: { catalog: { entry: `https://c.example.test/${release}/mf-manifest.json`, release } },
  });
  document.head.append(script);
}

async function freshModule() {
  vi.resetModules();
  return import('./register-remotes');
}

describe('start-up registry', () => {
  it('takes the registry composed into the page, and a retry fetches /registry.json afresh', async () => {
    inlineRegistry('page-release');
    serveRegistry('deployed-since');
    const { startRegistryLoad, loadRegistryAndRegisterRemotes } = await freshModule();

    startRegistryLoad(['catalog']);
    await expect(loadRegistryAndRegisterRemotes()).resolves.toMatchObject({
      remotes: { catalog: { release: 'page-release' } },
    });
    expect(fetched).toBe(0);
    expect(runtime.registerRemotes).toHaveBeenLastCalledWith(
      [{ name: 'catalog', entry: 'https://c.example.test/page-release/mf-manifest.json' }],
      { force: true },
    );

    await expect(loadRegistryAndRegisterRemotes()).resolves.toMatchObject({
      remotes: { catalog: { release: 'deployed-since' } },
    });
    expect(fetched).toBe(1);
  });

  it('fetches /registry.json when the page has none', async () => {
    serveRegistry('r1');
    const { startRegistryLoad, loadRegistryAndRegisterRemotes } = await freshModule();
    startRegistryLoad([]);
    await expect(loadRegistryAndRegisterRemotes()).resolves.toMatchObject({
      remotes: { catalog: { release: 'r1' } },
    });
    expect(fetched).toBe(1);
  });

  it('a refused inlined registry fails the first load; the retry fetches', async () => {
    const script = document.createElement('script');
    script.type = 'application/json';
    script.id = REGISTRY_ELEMENT_ID;
    script.textContent = '{"schemaVersion":9,"remotes":{}}';
    document.head.append(script);
    serveRegistry('r2');
    const { startRegistryLoad, loadRegistryAndRegisterRemotes } = await freshModule();
    startRegistryLoad([]);
    await expect(loadRegistryAndRegisterRemotes()).rejects.toThrow(/schemaVersion/);
    await expect(loadRegistryAndRegisterRemotes()).resolves.toMatchObject({
      remotes: { catalog: { release: 'r2' } },
    });
  });

  it("registers the remote's script when the registry names it, and preloads it once", async () => {
    const script = document.createElement('script');
    script.type = 'application/json';
    script.id = REGISTRY_ELEMENT_ID;
    const base = 'https://c.example.test/r3';
    script.textContent = JSON.stringify({
      schemaVersion: 1,
      remotes: {
        catalog: { entry: `${base}/mf-manifest.json`, remoteEntry: `${base}/remoteEntry.js` },
        cart: { entry: 'https://k.example.test/r1/mf-manifest.json' },
      },
    });
    document.head.append(script);
    const { startRegistryLoad, loadRegistryAndRegisterRemotes } = await freshModule();
    startRegistryLoad(['catalog', 'cart']);
    await loadRegistryAndRegisterRemotes();
    expect(runtime.registerRemotes).toHaveBeenLastCalledWith(
      [
        { name: 'catalog', entry: `${base}/remoteEntry.js` },
        { name: 'cart', entry: 'https://k.example.test/r1/mf-manifest.json' },
      ],
      { force: true },
    );
    const preloads = [...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"]')];
    expect(preloads.map((l) => [l.as, l.href])).toEqual([['script', `${base}/remoteEntry.js`]]);
  });
});
