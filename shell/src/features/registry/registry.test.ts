import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  fetchRegistry,
  parseRegistry,
  REGISTRY_ELEMENT_ID,
  REMOTE_NAMES,
  RegistryError,
  readInlineRegistry,
} from './registry';

const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function serveRegistry(body: Record<string, unknown>, init?: { status?: number }) {
  server.use(http.get('*/registry.json', () => HttpResponse.json(body, init)));
}

describe('registry', () => {
  it('loads a valid document', async () => {
    serveRegistry({
      schemaVersion: 1,
      remotes: { catalog: { entry: 'https://catalog.example.test/mf-manifest.json', release: 'local' } },
    });
    await expect(fetchRegistry()).resolves.toEqual({
      schemaVersion: 1,
      remotes: { catalog: { entry: 'https://catalog.example.test/mf-manifest.json', release: 'local' } },
    });
  });

  it('accepts the catalog, cart and account remotes together', async () => {
    const remotes = {
      catalog: { entry: 'http://localhost:3001/mf-manifest.json', release: 'local' },
      cart: { entry: 'http://localhost:3002/mf-manifest.json', release: 'local' },
      account: { entry: 'http://localhost:3003/mf-manifest.json', release: 'local' },
    };
    serveRegistry({ schemaVersion: 1, remotes });
    await expect(fetchRegistry()).resolves.toEqual({ schemaVersion: 1, remotes });
    expect([...REMOTE_NAMES]).toEqual(['catalog', 'cart', 'account']);
  });

  it('bypasses the HTTP cache', async () => {
    let cacheMode: RequestCache | undefined;
    server.use(
      http.get('*/registry.json', ({ request }) => {
        cacheMode = request.cache;
        return HttpResponse.json({ schemaVersion: 1, remotes: {} });
      }),
    );
    await fetchRegistry();
    expect(cacheMode).toBe('no-store');
  });

  it('refuses another schemaVersion', async () => {
    serveRegistry({
      schemaVersion: 2,
      remotes: { catalog: { entry: 'https://catalog.example.test/mf-manifest.json' } },
    });
    await expect(fetchRegistry()).rejects.toThrow(RegistryError);
    await expect(fetchRegistry()).rejects.toThrow(/schemaVersion/);
  });

  it('refuses a remote without an entry', async () => {
    serveRegistry({ schemaVersion: 1, remotes: { catalog: { release: 'local' } } });
    await expect(fetchRegistry()).rejects.toThrow('Remote "catalog" has no "entry" URL');
  });

  it('refuses an error answer and invalid JSON', async () => {
    serveRegistry({ error: { code: 'REGISTRY_UNAVAILABLE', message: 'missing' } }, { status: 503 });
    await expect(fetchRegistry()).rejects.toThrow('The registry answered 503');
    server.use(http.get('*/registry.json', () => new HttpResponse('{ nope', { status: 200 })));
    await expect(fetchRegistry()).rejects.toThrow('not valid JSON');
  });

  it('validates the shape', () => {
    expect(() => parseRegistry(null)).toThrow(RegistryError);
    expect(() => parseRegistry({ schemaVersion: 1 })).toThrow('no "remotes" object');
    expect(() => parseRegistry({ schemaVersion: 1, remotes: { catalog: { entry: 42 } } })).toThrow(
      RegistryError,
    );
    expect(
      parseRegistry({ schemaVersion: 1, remotes: { catalog: { entry: '/x/mf-manifest.json', extra: 1 } } }),
    ).toEqual({ schemaVersion: 1, remotes: { catalog: { entry: '/x/mf-manifest.json' } } });
  });
});

describe('readInlineRegistry', () => {
  function pageWith(text: string | null): Document {
    const doc = document.implementation.createHTMLDocument('page');
    if (text !== null) {
      const script = doc.createElement('script');
      script.type = 'application/json';
      script.id = REGISTRY_ELEMENT_ID;
      script.textContent = text;
      doc.head.append(script);
    }
    return doc;
  }

  it('is null when the page has no registry (dev server, a page from before composition)', () => {
    expect(readInlineRegistry(pageWith(null))).toBeNull();
  });

  it('reads and validates the inlined document, escapes included', () => {
    const text =
      '{"schemaVersion":1,"remotes":{"catalog":{"entry":"https://c.example.test/r1/mf-manifest.json","release":"\\u003c/script\\u003e"}}}';
    expect(readInlineRegistry(pageWith(text))).toEqual({
      schemaVersion: 1,
      remotes: { catalog: { entry: 'https://c.example.test/r1/mf-manifest.json', release: '</script>' } },
    });
  });

  it('refuses what a fetched registry would refuse', () => {
    expect(() => readInlineRegistry(pageWith('{ nope'))).toThrow('not valid JSON');
    expect(() => readInlineRegistry(pageWith('{"schemaVersion":2,"remotes":{}}'))).toThrow(/schemaVersion/);
  });
});
