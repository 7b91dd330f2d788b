import { startMockWorker } from '@storefront/mocks/browser';
import { act, screen } from '@testing-library/react';
import type { Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startStandalone } from './start-standalone';

// jsdom has no service worker: the test only sees how the page asks for one.
vi.mock('@storefront/mocks/browser', () => ({ startMockWorker: vi.fn(async () => ({})) }));

let root: Root | null = null;

beforeEach(() => {
  document.body.innerHTML = '<div id="root"></div>';
});
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  vi.unstubAllEnvs();
  vi.mocked(startMockWorker).mockClear();
  vi.restoreAllMocks();
});

describe('startStandalone', () => {
  it('renders the page in #root without mocks outside development', async () => {
    root = await act(() => startStandalone({ name: 'catalog', app: <h1>Catalog remote</h1> }));
    expect(screen.getByRole('heading', { name: 'Catalog remote' })).toBeTruthy();
    expect(startMockWorker).not.toHaveBeenCalled();
  });

  it('starts the mock worker first in development', async () => {
    vi.stubEnv('NODE_ENV', 'development');
    root = await act(() => startStandalone({ name: 'cart', app: <h1>Cart remote</h1> }));
    expect(startMockWorker).toHaveBeenCalledExactlyOnceWith();
    expect(screen.getByRole('heading', { name: 'Cart remote' })).toBeTruthy();
  });

  it('renders against the real API when the mock worker cannot start, and says so', async () => {
    vi.stubEnv('NODE_ENV', 'development');
    const failure = new Error('no service worker');
    vi.mocked(startMockWorker).mockRejectedValueOnce(failure);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    root = await act(() => startStandalone({ name: 'catalog', app: <h1>Catalog remote</h1> }));
    expect(logged).toHaveBeenCalledWith(
      '[catalog] could not start the mock worker; rendering against the real API',
      failure,
    );
    expect(screen.getByRole('heading', { name: 'Catalog remote' })).toBeTruthy();
  });

  it('fails on a page without #root', async () => {
    document.body.innerHTML = '';
    await expect(startStandalone({ name: 'catalog', app: <p>never</p> })).rejects.toThrow(
      'The standalone page has no #root element',
    );
  });
});
