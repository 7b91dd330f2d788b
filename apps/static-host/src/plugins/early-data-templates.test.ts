import { describe, expect, it } from 'vitest';
import {
  earlyDataFromDocument,
  earlyDataUrl,
  earlyPathsFor,
  isCallTemplate,
  routeEarlyCalls,
} from './early-data-templates.js';

describe('isCallTemplate', () => {
  it('takes same-origin API paths with parameters in the path', () => {
    for (const ok of [
      '/api/catalog/categories',
      '/api/catalog/products/{id}',
      '/api/catalog/products?sort=name-asc&page=1&pageSize=12',
    ]) {
      expect(isCallTemplate(ok), ok).toBe(true);
    }
  });

  it('refuses other origins, other prefixes, dot segments, markup and stray braces', () => {
    for (const bad of [
      'https://elsewhere.test/api/x',
      '//elsewhere.test/api/x',
      '/apix',
      '/ops/state',
      '/api/../ops',
      '/api/./x',
      '/api//x',
      '/api/x?q=</script>',
      '/api/x"onload',
      '/api/{1id}',
      '/api/{id',
      '/api/x?q={id}',
      `/api/${'x'.repeat(300)}`,
    ]) {
      expect(isCallTemplate(bad), bad).toBe(false);
    }
  });
});

describe('earlyDataFromDocument', () => {
  it('reads each module’s templates, leaving out what is not one, at most four a module', () => {
    const modules = earlyDataFromDocument({
      schemaVersion: 1,
      modules: {
        './A': ['/api/a', { path: '/api/b?x=1', query: 'none' }, { path: '/api/c', query: 'sometimes' }, 7],
        './B': ['/api/1', '/api/2', '/api/3', '/api/4', '/api/5'],
        B: ['/api/not-an-exposed-name'],
        './C': 'not a list',
      },
    });
    expect(modules.get('./A')).toEqual([
      { path: '/api/a', query: 'any' },
      { path: '/api/b?x=1', query: 'none' },
    ]);
    expect(modules.get('./B')).toHaveLength(4);
    expect([...modules.keys()]).toEqual(['./A', './B']);
  });

  it('reads nothing from another schema or a document that is not one', () => {
    expect(earlyDataFromDocument({ schemaVersion: 2, modules: { './A': ['/api/a'] } }).size).toBe(0);
    expect(earlyDataFromDocument(null).size).toBe(0);
    expect(earlyDataFromDocument(['/api/a']).size).toBe(0);
  });
});

describe('routeEarlyCalls', () => {
  const any = (path: string) => ({ path, query: 'any' as const });

  it('keeps what the route can fill in, once each, at most eight', () => {
    expect(
      routeEarlyCalls('/products/:id', [any('/api/p/{id}'), any('/api/p/{slug}'), any('/api/p/{id}')]),
    ).toEqual([any('/api/p/{id}')]);
    expect(routeEarlyCalls('/', [any('/api/p/{id}')])).toEqual([]);
    const many = Array.from({ length: 12 }, (_, i) => any(`/api/${i}`));
    expect(routeEarlyCalls(null, many)).toHaveLength(8);
  });
});

describe('earlyPathsFor', () => {
  const calls = [
    { path: '/api/catalog/products/{id}', query: 'any' as const },
    { path: '/api/catalog/products?page=1', query: 'none' as const },
  ];

  it('fills parameters in from the URL as the browser asked it, encoded as the remotes encode them', () => {
    expect(earlyPathsFor('/products/:id', calls, '/products/Desk-Lamp/')).toEqual([
      '/api/catalog/products/Desk-Lamp',
      '/api/catalog/products?page=1',
    ]);
    // Whatever the URL holds, a parameter stays one segment.
    expect(earlyPathsFor('/products/:id', calls, '/products/..%2F..%2Fops')[0]).toBe(
      '/api/catalog/products/..%2F..%2Fops',
    );
    expect(earlyPathsFor('/products/:id', calls, '/products/desk%20lamp')[0]).toBe(
      '/api/catalog/products/desk%20lamp',
    );
  });

  it('leaves out a `query: none` call when the URL has a query, and what is not a valid path once filled', () => {
    expect(earlyPathsFor('/products/:id', calls, '/products/lamp?ref=mail')).toEqual([
      '/api/catalog/products/lamp',
    ]);
    // `..` encodes to itself: a dot segment, never started.
    expect(earlyPathsFor('/products/:id', calls.slice(0, 1), '/products/%2E%2E')).toEqual([]);
  });

  it('starts nothing for a URL the route does not match, or with a malformed escape', () => {
    expect(earlyPathsFor('/products/:id', calls, '/cart')).toEqual([]);
    expect(earlyPathsFor('/products/:id', calls, '/products/%E0%A4%A')).toEqual([]);
  });

  it('finds the file beside the release’s manifest', () => {
    expect(earlyDataUrl('http://c.test:1/0.1.0-abc/mf-manifest.json')).toBe(
      'http://c.test:1/0.1.0-abc/early-data.json',
    );
  });
});
