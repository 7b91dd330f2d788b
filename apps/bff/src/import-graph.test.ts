import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));

/** Module → the modules it imports, as paths relative to src/ (e.g. `routes/cart-routes.ts`). */
type Graph = Map<string, string[]>;

/** Relative specifiers of `import … from './…'` and `export … from './…'` (type-only ones too: a layer is a layer). */
function relativeImports(source: string): string[] {
  const specifiers: string[] = [];
  for (const match of source.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+'(\.{1,2}\/[^']+)'/gm)) {
    if (match[1]) specifiers.push(match[1]);
  }
  return specifiers;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The import graph of every non-test module under `root`. */
function importGraph(root: string): Graph {
  const graph: Graph = new Map();
  for (const file of sourceFiles(root)) {
    const targets = relativeImports(readFileSync(file, 'utf8')).map((specifier) => {
      const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
      if (!existsSync(target))
        throw new Error(`${relative(root, file)} imports ${specifier}, which does not exist`);
      return relative(root, target);
    });
    graph.set(relative(root, file), targets);
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as the modules along it (first one repeated at the end). */
function cyclesOf(graph: Graph): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

/** `routes/a → routes/b` edges: routes map HTTP to clients, what they share lives below them. */
function routeToRouteImports(graph: Graph): string[] {
  const isRoute = (module: string) => module.startsWith('routes/');
  return [...graph].flatMap(([from, targets]) =>
    isRoute(from) ? targets.filter(isRoute).map((to) => `${from} → ${to}`) : [],
  );
}

describe('the import graph of apps/bff/src', () => {
  const graph = importGraph(SRC);

  it('is read from the sources (imports across layers are found)', () => {
    expect(graph.get('app.ts')).toEqual(
      expect.arrayContaining(['routes/cart-routes.ts', 'plugins/session.ts']),
    );
    expect(graph.get('routes/cart-routes.ts')).toEqual(expect.arrayContaining(['clients/cart-client.ts']));
  });

  it('has no cycle', () => {
    expect(cyclesOf(graph).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('has no route importing another route', () => {
    expect(routeToRouteImports(graph)).toEqual([]);
  });
});

describe('the checks themselves', () => {
  it('read multi-line, type-only and re-exporting imports, and nothing from packages', () => {
    const source = [
      "import type { A } from './a.js';",
      'import {',
      '  b,',
      "} from '../b.js';",
      "export { c } from './c.js';",
      "import { d } from '@storefront/contract';",
    ].join('\n');
    expect(relativeImports(source)).toEqual(['./a.js', '../b.js', './c.js']);
  });

  it('find a cycle and a route importing a route', () => {
    const graph: Graph = new Map([
      ['routes/a.ts', ['routes/b.ts', 'clients/c.ts']],
      ['routes/b.ts', []],
      ['clients/c.ts', ['checkout/d.ts']],
      ['checkout/d.ts', ['clients/c.ts']],
    ]);
    expect(cyclesOf(graph)).toEqual([['checkout/d.ts', 'clients/c.ts', 'checkout/d.ts']]);
    expect(routeToRouteImports(graph)).toEqual(['routes/a.ts → routes/b.ts']);
  });
});
