// The one place that builds the fuzzed stack: the three services on real SQLite files in a temporary folder, the
// fault proxy (control API and one proxy per service), a supervisor API with no processes, the local trace store,
// and the BFF in demo mode pointing at the real services. Every process listens on a free loopback port and is reached over HTTP.
// Build options change often (secrets, limits): adapt them here only.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HeaderValues, ServiceCredential } from '@storefront/service-kit';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { startSupervisorApi } from '../scripts/lib/supervisor-api.mjs';

/**
 * An app's `build(opts)`, imported by a computed path: each app declares its own `FastifyInstance.db`, so one
 * type-checked program cannot hold them all (each app type-checks its own). The options named here are the ones
 * this file passes; a new required option fails the suite's start with the app's own error.
 */
async function builder<Options>(app: string): Promise<(opts: Options) => FastifyInstance> {
  const url = new URL(`../apps/${app}/src/app.ts`, import.meta.url).href;
  const module = (await import(url)) as { build: (opts: Options) => FastifyInstance };
  return module.build;
}

interface ServiceOptions {
  dbPath: string;
  serviceSecret: string;
}

interface FaultProxyOptions {
  targets: { name: string; kind: 'service' | 'remote'; listen: number; upstream: string }[];
}

interface BffOptions {
  serviceSecret: string;
  upstreams: Record<
    'catalog' | 'cart' | 'account' | 'accountPassword',
    { baseUrl: string; resilience?: Record<string, number> }
  >;
  demoMode: boolean;
  faultProxyControlUrl: string;
  supervisorUrl: string;
  traceStoreUrl: string;
  limits: {
    passwordAttempts: { perIp: number; perEmail: number; windowMs: number };
    opsStreams: { perIp: number; total: number };
  };
}

/** The JSON schemas of one route's parts, as registered (absent parts are undefined). */
export interface RouteSchemas {
  body?: unknown;
  querystring?: unknown;
  params?: unknown;
  headers?: unknown;
}

/** One route of one process, as Fastify registered it. */
export interface FuzzRoute {
  method: string;
  /** Fastify's pattern, e.g. `/api/cart/lines/:productId`. */
  url: string;
  schemas: RouteSchemas;
}

/** One process under fuzz. */
export interface FuzzTarget {
  name: string;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  port: number;
  routes: FuzzRoute[];
  /** Identity headers the process reads from its callers (the services), to fuzz them too. */
  identityHeaders: string[];
  /** The BFF's credential for a request (services only): fuzzed input also gets past the signature check. */
  sign?: (method: string, path: string, headers: HeaderValues) => Record<string, string>;
}

export interface FuzzStack {
  bff: FuzzTarget;
  targets: FuzzTarget[];
  close: () => Promise<void>;
}

/** Records every route a process registers (HEAD twins included) before its plugins load. */
function recordRoutes(app: FastifyInstance): FuzzRoute[] {
  const routes: FuzzRoute[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const schema = (route.schema ?? {}) as RouteSchemas;
    for (const method of methods) {
      routes.push({
        method,
        url: route.url,
        schemas: {
          body: schema.body,
          querystring: schema.querystring,
          params: schema.params,
          headers: schema.headers,
        },
      });
    }
  });
  return routes;
}

async function listen(name: string, app: FastifyInstance, service?: ServiceCredential): Promise<FuzzTarget> {
  const routes = recordRoutes(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error(`${name} is not listening`);
  return {
    name,
    baseUrl: `http://127.0.0.1:${address.port}`,
    port: address.port,
    routes,
    identityHeaders: service ? ['x-user-id', 'x-anonymous-cart'] : [],
    sign: service ? (method, path, headers) => service.sign(method, path, headers) : undefined,
  };
}

/** Generous per-call settings: the fuzz suite tests input handling, not the breakers (slow CI, scrypt). */
const RESILIENCE = { timeoutMs: 10_000, bulkheadLimit: 50, bulkheadQueue: 500, breakerThreshold: 1000 };

/** Starts the whole stack; `close` stops every process and removes the databases. */
export async function startFuzzStack(): Promise<FuzzStack> {
  const dir = mkdtempSync(join(tmpdir(), 'storefront-fuzz-'));
  const apps: FastifyInstance[] = [];
  const closers: (() => Promise<void>)[] = [];
  // The secret the BFF signs service calls with, generated per run as `npm start` does.
  const serviceSecret = randomBytes(32).toString('base64url');
  const credential = new ServiceCredential(serviceSecret);
  const start = async (name: string, app: FastifyInstance, service?: ServiceCredential) => {
    apps.push(app);
    return listen(name, app, service);
  };
  const buildCatalog = await builder<ServiceOptions>('catalog-service');
  const buildCart = await builder<ServiceOptions>('cart-service');
  const buildAccount = await builder<ServiceOptions>('account-service');
  const buildFaultProxy = await builder<FaultProxyOptions>('fault-proxy');
  const buildBff = await builder<BffOptions>('bff');
  const buildTraceStore = await builder<Record<string, never>>('trace-store');
  try {
    const catalog = await start(
      'catalog-service',
      buildCatalog({ dbPath: join(dir, 'catalog.db'), serviceSecret }),
      credential,
    );
    const cart = await start(
      'cart-service',
      buildCart({ dbPath: join(dir, 'cart.db'), serviceSecret }),
      credential,
    );
    const account = await start(
      'account-service',
      buildAccount({ dbPath: join(dir, 'account.db'), serviceSecret }),
      credential,
    );
    const supervisor = await startSupervisorApi(
      {
        status: () => [],
        kill: async (name: string) => {
          throw new Error(`no process ${name}`);
        },
      },
      { port: 0 },
    );
    closers.push(supervisor.close);
    const traceStore = await start('trace-store', buildTraceStore({}));
    const faultProxy = await start(
      'fault-proxy',
      buildFaultProxy({
        targets: [
          { name: 'catalog', kind: 'service', listen: 0, upstream: catalog.baseUrl },
          { name: 'cart', kind: 'service', listen: 0, upstream: cart.baseUrl },
          { name: 'account', kind: 'service', listen: 0, upstream: account.baseUrl },
        ],
      }),
    );
    const bff = await start(
      'bff',
      buildBff({
        serviceSecret,
        upstreams: {
          catalog: { baseUrl: catalog.baseUrl, resilience: RESILIENCE },
          cart: { baseUrl: cart.baseUrl, resilience: RESILIENCE },
          account: { baseUrl: account.baseUrl, resilience: RESILIENCE },
          // Sign-in and sign-up (scrypt) have their own bulkhead: as generous, so the final sign-up is not refused.
          accountPassword: { baseUrl: account.baseUrl, resilience: RESILIENCE },
        },
        demoMode: true,
        faultProxyControlUrl: faultProxy.baseUrl,
        supervisorUrl: supervisor.url,
        traceStoreUrl: traceStore.baseUrl,
        // Every input comes from 127.0.0.1: the rate limits stay on (their code runs) but never refuse the suite.
        limits: {
          passwordAttempts: { perIp: 1_000_000, perEmail: 1_000_000, windowMs: 60_000 },
          opsStreams: { perIp: 10_000, total: 10_000 },
        },
      }),
    );
    return {
      bff,
      targets: [bff, catalog, cart, account, faultProxy, traceStore],
      close: async () => {
        // The BFF first: it calls the others.
        for (const app of [...apps].reverse()) await app.close();
        for (const close of closers) await close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const app of [...apps].reverse()) await app.close().catch(() => undefined);
    for (const close of closers) await close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
