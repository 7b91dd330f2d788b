import { screen } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeCatalogLoader, renderApp } from '../../test/fakes';
import { fetchRegistry } from './registry';

const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.restoreAllMocks();
});
afterAll(() => server.close());
beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

describe('shell with a refused registry', () => {
  it.each([
    [
      'a bad schemaVersion',
      { schemaVersion: 2, remotes: { catalog: { entry: 'https://catalog.example.test/mf-manifest.json' } } },
    ],
    ['a remote without entry', { schemaVersion: 1, remotes: { catalog: { release: 'local' } } }],
  ])('still renders the layout and shows each slot’s fallback (%s)', async (_case, body) => {
    server.use(http.get('*/registry.json', () => HttpResponse.json(body)));
    const loadModule = vi.fn(fakeCatalogLoader());
    renderApp('/', { loadRegistry: () => fetchRegistry(), loadModule });

    expect(await screen.findAllByRole('alert')).toHaveLength(2);
    expect(screen.getByRole('banner')).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeTruthy();
    expect(screen.getByRole('contentinfo').textContent).toContain('Remote registry unavailable');
    expect(loadModule).not.toHaveBeenCalled();
  });

  it('renders the remotes once the registry is valid', async () => {
    server.use(
      http.get('*/registry.json', () =>
        HttpResponse.json({
          schemaVersion: 1,
          remotes: { catalog: { entry: 'https://catalog.example.test/mf-manifest.json', release: 'r42' } },
        }),
      ),
    );
    renderApp('/', { loadRegistry: () => fetchRegistry(), loadModule: fakeCatalogLoader() });
    expect(await screen.findByText('remote ./CatalogPage {}')).toBeTruthy();
    expect(await screen.findByText('r42')).toBeTruthy();
  });
});
