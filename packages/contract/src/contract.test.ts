import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  API_ROUTES,
  ERROR_CODES,
  findRoute,
  getProductImage,
  ProductPageAnswer,
  problemsOf,
  Unavailable,
} from './index.js';
import { answerProblems } from './validate.js';

const here = dirname(fileURLToPath(import.meta.url));

const product = {
  id: 12,
  slug: 'cast-iron-skillet-26',
  name: 'Cast Iron Skillet 26 cm',
  description: 'Heavy.',
  priceCents: 3900,
  currency: 'EUR',
  category: 'kitchen',
  categoryName: 'Kitchen',
  imageUrl: '/api/catalog/images/cast-iron-skillet-26.svg',
  stock: 4,
  featured: true,
};

describe('the route list', () => {
  it('has one definition per method and URL, each answer described for OpenAPI', () => {
    const keys = API_ROUTES.map((route) => `${route.method} ${route.url}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const route of API_ROUTES) {
      expect(route.schema.description.length, `${route.method} ${route.url}`).toBeGreaterThan(10);
      for (const [status, answer] of Object.entries(route.schema.response)) {
        const { description } = answer as { description?: unknown };
        expect(typeof description, `${route.method} ${route.url} ${status}`).toBe('string');
      }
    }
  });

  it('finds the route of a concrete path, a literal segment winning over a parameter', () => {
    expect(findRoute('get', '/api/orders/42')?.url).toBe('/api/orders/:id');
    expect(findRoute('DELETE', '/api/faults/scenarios/current')?.url).toBe('/api/faults/scenarios/current');
    expect(findRoute('DELETE', '/api/faults/catalog')?.url).toBe('/api/faults/:target');
    expect(findRoute('GET', '/api/nothing')).toBeUndefined();
  });
});

describe('answers against the contract', () => {
  it('accepts a live and a degraded page of products, and names what is wrong with a bad one', () => {
    const live = {
      items: [product],
      total: 1,
      page: 1,
      pageSize: 12,
      meta: { requestId: 'r', degraded: null },
    };
    expect(problemsOf(ProductPageAnswer, live)).toEqual([]);
    const degraded = {
      ...live,
      meta: {
        requestId: 'r',
        degraded: {
          service: 'catalog',
          reason: 'timeout',
          savedAt: '2026-11-30T10:00:00.000Z',
          retryAfterMs: 1000,
        },
      },
    };
    expect(problemsOf(ProductPageAnswer, degraded)).toEqual([]);
    const bad = { ...live, items: [{ ...product, id: 'p-012' }] };
    expect(problemsOf(ProductPageAnswer, bad).join('\n')).toContain('/items/0/id');
    const noMeta = { items: [], total: 0, page: 1, pageSize: 12 };
    expect(problemsOf(ProductPageAnswer, noMeta)).not.toEqual([]);
  });

  it('holds the 503 of the degraded contract to its fields', () => {
    const body = {
      error: {
        code: 'UPSTREAM_UNAVAILABLE',
        message: 'catalog is unavailable',
        service: 'catalog',
        breaker: 'open',
        retryAfterMs: 4200,
      },
      meta: { requestId: 'r' },
    };
    expect(problemsOf(Unavailable, body)).toEqual([]);
    expect(
      problemsOf(Unavailable, { error: { ...body.error, breaker: 'broken' }, meta: body.meta }),
    ).not.toEqual([]);
  });

  it('checks an answer by method, path and status', () => {
    expect(
      answerProblems('GET', '/api/catalog/products/12', 200, {
        product,
        meta: { requestId: 'r', degraded: null },
      }),
    ).toEqual([]);
    expect(answerProblems('GET', '/api/catalog/products/12', 418, {})).toEqual([
      'GET /api/catalog/products/:idOrSlug has no 418 answer in the contract',
    ]);
    expect(answerProblems('GET', '/api/catalog/images/x.svg', 200, '<svg/>')).toEqual([]);
    expect(answerProblems('GET', '/api/nope', 200, {})).toEqual([
      'GET /api/nope is not a route of the contract',
    ]);
  });
});

describe('answers the BFF passes on as they are', () => {
  const target = {
    name: 'catalog',
    kind: 'service',
    listen: 5001,
    upstream: 'http://127.0.0.1:4001/',
    fault: null,
  };

  it('lets DELETE /api/faults answer { targets } alone (only GET /faults says which scenario runs)', () => {
    expect(
      answerProblems('DELETE', '/api/faults', 200, { targets: [target], meta: { requestId: 'r' } }),
    ).toEqual([]);
    expect(
      answerProblems('GET', '/api/faults', 200, {
        targets: [target],
        scenario: null,
        meta: { requestId: 'r' },
      }),
    ).toEqual([]);
    expect(
      answerProblems('GET', '/api/faults', 200, { targets: [{ ...target, listen: 'x' }], meta: {} }),
    ).not.toEqual([]);
  });

  it('describes a product image as bytes (the SVG is sent as the catalog sent it)', () => {
    const answer = getProductImage.schema.response[200];
    expect(JSON.parse(JSON.stringify(answer.content['image/svg+xml'].schema))).toEqual({
      type: 'string',
      format: 'binary',
    });
  });
});

describe('error codes', () => {
  it('are each explained in docs/errors.md', () => {
    const doc = readFileSync(join(here, '../../../docs/errors.md'), 'utf8');
    const missing = Object.keys(ERROR_CODES).filter((code) => !doc.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });
});

describe('the browser entry', () => {
  /** Relative modules reached from `file` through imports that stay at run time (not `import type`/`export type`). */
  function runtimeImports(file: string, seen = new Set<string>()): Set<string> {
    if (seen.has(file)) return seen;
    seen.add(file);
    const source = readFileSync(join(here, file), 'utf8');
    const statements = source.match(/^(?:import|export)\s[^;]*?from\s+'[^']+';/gms) ?? [];
    for (const statement of statements) {
      if (/^(?:import|export)\s+type\s/.test(statement)) continue;
      const target = /from\s+'([^']+)'/.exec(statement)?.[1] ?? '';
      if (target.startsWith('./')) runtimeImports(target.replace(/^\.\//, '').replace(/\.js$/, '.ts'), seen);
      else seen.add(target);
    }
    return seen;
  }

  it('never loads TypeBox at run time', () => {
    const reached = [...runtimeImports('browser.ts')];
    expect(reached.filter((name) => name.startsWith('typebox'))).toEqual([]);
    expect(reached).not.toContain('schema.ts');
  });
});
