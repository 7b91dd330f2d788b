import { EARLY_DATA_ELEMENT_ID, EARLY_DATA_GLOBAL } from '@storefront/contract/browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPageEarlyData } from './start-early-data';

describe('startPageEarlyData', () => {
  const fetchMock = vi.fn<typeof fetch>(async () => new Response('{}'));

  beforeEach(() => {
    fetchMock.mockClear();
    vi.stubGlobal('fetch', fetchMock);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    delete (globalThis as Record<string, unknown>)[EARLY_DATA_GLOBAL];
    document.head.innerHTML = '';
  });

  const withBlock = (text: string) => {
    const script = document.createElement('script');
    script.type = 'application/json';
    script.id = EARLY_DATA_ELEMENT_ID;
    script.textContent = text;
    document.head.append(script);
  };

  it('starts the API paths the page lists and publishes them for the remotes', async () => {
    withBlock(JSON.stringify(['/api/catalog/products/yoga-mat', 7, '/ops/state', '/api/catalog/categories']));
    const data = startPageEarlyData(document);
    expect(fetchMock.mock.calls.map(([path]) => path)).toEqual([
      '/api/catalog/products/yoga-mat',
      '/api/catalog/categories',
    ]);
    expect((globalThis as Record<string, unknown>)[EARLY_DATA_GLOBAL]).toBe(data);
    expect(await data?.take('/api/catalog/categories')).toBeInstanceOf(Response);
  });

  it('does nothing without a block, or with one that is not a list of paths (the page works as before)', () => {
    expect(startPageEarlyData(document)).toBeNull();
    withBlock('{not json');
    expect(startPageEarlyData(document)).toBeNull();
    document.head.innerHTML = '';
    withBlock('{"calls":["/api/a"]}');
    expect(startPageEarlyData(document)).toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
