// The two services of the choreographed checkout, started in this process on free loopback ports with their own
// SQLite files, and called as the BFF calls them (signed). Each can be stopped and started again on the same file
// (a consumer that was down), and the transport is the test's choice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts, signed, TEST_SERVICE_SECRET } from '@storefront/service-kit/testing';
import type { FastifyInstance, HTTPMethods } from 'fastify';
import { Agent, fetch } from 'undici';

/** An app's `build`, imported by a computed path (each app declares its own `FastifyInstance.db`, as in fuzz/). */
async function builder(app: string): Promise<(opts: Record<string, unknown>) => FastifyInstance> {
  const url = new URL(`../apps/${app}/src/app.ts`, import.meta.url).href;
  return ((await import(url)) as { build: (opts: Record<string, unknown>) => FastifyInstance }).build;
}

export interface Transport {
  name: 'feed' | 'nats';
  /** Extra build options of each service (e.g. the NATS URL). */
  options: Record<string, unknown>;
  /** Makes the transport forget what consumers received (beside their saved positions), services stopped. */
  forgetConsumers?: () => Promise<void>;
}

export interface Service {
  readonly url: string;
  readonly app: FastifyInstance;
  /** Connections to this start of the service (a restart must not meet the last one's closed sockets). */
  readonly dispatcher: Agent;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Runs SQL on the service's database (a test reaching under the API: positions, demo damage). */
  exec(sql: string): void;
}

export interface Pair {
  catalog: Service;
  cart: Service;
  close(): Promise<void>;
}

/** A signed call as the BFF makes it; `userId` names the shopper. */
export async function call<T>(
  service: Service,
  method: HTTPMethods,
  path: string,
  options: { userId?: number; body?: unknown } = {},
): Promise<{ status: number; json: T }> {
  const identity: Record<string, string> = options.userId ? { 'x-user-id': String(options.userId) } : {};
  const { headers } = signed({ method, url: path, headers: identity });
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${service.url}${path}`, {
    dispatcher: service.dispatcher,
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return { status: response.status, json: (await response.json()) as T };
}

/** Starts the catalog and the cart, each consuming the other's events over `transport`. */
export async function startPair(transport: Transport): Promise<Pair> {
  const dir = mkdtempSync(join(tmpdir(), 'choreography-'));
  const [buildCatalog, buildCart] = await Promise.all([builder('catalog-service'), builder('cart-service')]);
  // Ports are fixed once (a restarted service comes back on its port, as under the supervisor).
  const ports = await freePorts(2);
  const catalogUrl = `http://127.0.0.1:${ports[0]}`;
  const cartUrl = `http://127.0.0.1:${ports[1]}`;
  const common = { serviceSecret: TEST_SERVICE_SECRET, eventsPollMs: 20, ...transport.options };
  const catalog = service(catalogUrl, () =>
    buildCatalog({ ...common, dbPath: join(dir, 'catalog.db'), cartEventsUrl: cartUrl }),
  );
  const cart = service(cartUrl, () =>
    buildCart({
      ...common,
      dbPath: join(dir, 'cart.db'),
      catalogEventsUrl: catalogUrl,
      checkoutMode: 'choreographed',
    }),
  );
  await catalog.start();
  await cart.start();
  return {
    catalog,
    cart,
    async close() {
      await Promise.all([cart.stop(), catalog.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function service(url: string, build: () => FastifyInstance): Service {
  let app: FastifyInstance | null = null;
  let dispatcher = new Agent();
  return {
    url,
    get dispatcher() {
      return dispatcher;
    },
    get app() {
      if (!app) throw new Error(`${url} is stopped`);
      return app;
    },
    async start() {
      app = build();
      await app.listen({ host: '127.0.0.1', port: Number(new URL(url).port) });
    },
    async stop() {
      await app?.close();
      app = null;
      await dispatcher.close();
      dispatcher = new Agent();
    },
    exec(sql) {
      // Every service decorates `db` with its SqliteDatabase; this suite only needs its connection.
      const withDb = this.app as FastifyInstance & { db?: { sqlite: { exec(sql: string): void } } };
      if (!withDb.db) throw new Error(`${url} has no database`);
      withDb.db.sqlite.exec(sql);
    },
  };
}
