// Which methods a path answers: a known path asked with another method is 405 with `Allow` (RFC 9110 15.5.6),
// where Fastify's router alone would answer 404.
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';

interface Entry {
  pattern: RegExp;
  methods: Set<string>;
}

const ROUTE_TABLE = Symbol('service-kit.route-table');

/** Fastify's route syntax to a regular expression: `:param` (with or without its own regex) and `*`. */
function patternOf(url: string): RegExp {
  let source = '';
  for (let i = 0; i < url.length; i += 1) {
    const char = url.charAt(i);
    if (char === ':' && url.charAt(i + 1) !== ':') {
      // A parameter runs to the next `/`, `-` or `.` (Fastify's separators); `(regex)` after it is skipped.
      let end = i + 1;
      while (end < url.length && /[\w$]/.test(url.charAt(end))) end += 1;
      if (url.charAt(end) === '(') {
        let depth = 0;
        for (; end < url.length; end += 1) {
          if (url.charAt(end) === '(') depth += 1;
          if (url.charAt(end) === ')') depth -= 1;
          if (depth === 0) break;
        }
        end += 1;
      }
      source += '[^/]+';
      i = end - 1;
    } else if (char === ':') {
      source += ':';
      i += 1;
    } else if (char === '*') {
      source += '.*';
    } else {
      source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** The routes of one app, by pattern. */
export class RouteTable {
  private readonly entries = new Map<string, Entry>();

  add(method: string | string[], url: string): void {
    const entry = this.entries.get(url) ?? { pattern: patternOf(url), methods: new Set<string>() };
    for (const one of Array.isArray(method) ? method : [method]) {
      entry.methods.add(one.toUpperCase());
      // Fastify answers HEAD for every GET route.
      if (one.toUpperCase() === 'GET') entry.methods.add('HEAD');
    }
    this.entries.set(url, entry);
  }

  /** The methods some route answers on `path` (sorted), empty when no route has this path. */
  allowed(path: string): string[] {
    const methods = new Set<string>();
    for (const entry of this.entries.values()) {
      if (entry.pattern.test(path)) for (const method of entry.methods) methods.add(method);
    }
    return [...methods].sort();
  }
}

/** Starts recording every route added to `app` from now on (call before any route is declared). */
export function recordRoutes(app: FastifyInstance): void {
  const table = new RouteTable();
  // A property of the root instance: every encapsulated child (an Object.create of it) sees it too.
  Object.defineProperty(app, ROUTE_TABLE, { value: table });
  app.addHook('onRoute', (route: RouteOptions) => table.add(route.method, route.url));
}

/** The methods the request's path answers to, empty when the path is unknown (or routes were not recorded). */
export function allowedMethods(request: FastifyRequest): string[] {
  const table = (request.server as unknown as Record<symbol, RouteTable | undefined>)[ROUTE_TABLE];
  const path = request.url.split('?')[0] ?? request.url;
  return table?.allowed(path) ?? [];
}
