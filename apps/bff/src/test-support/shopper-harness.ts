import { TEST_SERVICE_SECRET } from '@storefront/service-kit/testing';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { build } from '../app.js';
import type { CheckoutRecoveryOptions } from '../checkout/checkout-recovery.js';
import type { ResilienceConfig } from '../config.js';
import type { AbuseLimits } from '../limits-config.js';
import { type FakeAccount, startFakeAccount } from './fake-account.js';
import { type FakeCart, startFakeCart } from './fake-cart.js';
import { type FakeCatalog, startFakeCatalog } from './fake-catalog.js';

/** Everything a shopper-journey test needs: three fakes, the BFF, captured log lines. */
export interface Harness {
  /** The BFF browsers talk to (the new one after `restart()`). */
  readonly app: FastifyInstance;
  catalog: FakeCatalog;
  cart: FakeCart;
  account: FakeAccount;
  /** Raw JSON log lines, as written. */
  logs: string[];
  /** A browser with its own cookie jar. */
  browser(): Browser;
  /** Another BFF process on the same fakes (a second replica), closed with the harness. */
  startBff(): Promise<FastifyInstance>;
  /** Stops the BFF and starts a fresh one on the same fakes (nothing kept in memory); browsers follow it. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** A cookie jar in front of `app.inject`, like a browser tab. */
export interface Browser {
  cookies: Map<string, string>;
  request(options: {
    method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    url: string;
    body?: unknown;
    headers?: Record<string, string>;
    /** Another BFF than the harness's (a replica from `startBff()`). */
    via?: FastifyInstance;
  }): Promise<LightMyRequestResponse>;
}

export interface HarnessOptions {
  resilience?: Partial<ResilienceConfig>;
  cartResilience?: Partial<ResilienceConfig>;
  accountResilience?: Partial<ResilienceConfig>;
  /** The BFF's look for stale unfinished checkouts (default: never). */
  checkoutRecovery?: CheckoutRecoveryOptions;
  /** Sign-in rate limits and ops stream caps (default: the production defaults). */
  limits?: AbuseLimits;
}

const FAST: Partial<ResilienceConfig> = {
  retryAttempts: 0,
  retryInitialDelayMs: 1,
  retryMaxDelayMs: 5,
  breakerThreshold: 100,
  halfOpenAfterMs: 60_000,
};

/** Starts the fakes and a BFF wired to them (logger on, capturing every line). */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const [catalog, cart, account] = await Promise.all([
    startFakeCatalog(),
    startFakeCart(),
    startFakeAccount(),
  ]);
  const logs: string[] = [];
  const bff = async () => {
    const app = build({
      serviceSecret: TEST_SERVICE_SECRET,
      upstreams: {
        catalog: { baseUrl: catalog.url, resilience: { ...FAST, ...options.resilience } },
        cart: {
          baseUrl: cart.url,
          resilience: { ...FAST, ...options.resilience, ...options.cartResilience },
        },
        account: {
          baseUrl: account.url,
          resilience: { ...FAST, ...options.resilience, ...options.accountResilience },
        },
      },
      logger: { level: 'debug', stream: { write: (line: string) => logs.push(line) } },
      ...(options.checkoutRecovery ? { checkoutRecovery: options.checkoutRecovery } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
    });
    await app.ready();
    return app;
  };
  let current = await bff();
  const replicas: FastifyInstance[] = [];
  return {
    get app() {
      return current;
    },
    catalog,
    cart,
    account,
    logs,
    browser: () => newBrowser(() => current),
    startBff: async () => {
      const replica = await bff();
      replicas.push(replica);
      return replica;
    },
    restart: async () => {
      await current.close();
      current = await bff();
    },
    close: async () => {
      await Promise.all([current, ...replicas].map((app) => app.close()));
      await Promise.all([catalog.close(), cart.close(), account.close()]);
    },
  };
}

function newBrowser(app: () => FastifyInstance): Browser {
  const cookies = new Map<string, string>();
  return {
    cookies,
    async request({ method = 'GET', url, body, headers = {}, via }) {
      const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      // Like the storefront's clients: every POST/PUT/PATCH is JSON, an empty body included (cross-site guard).
      const json = body === undefined && ['POST', 'PUT', 'PATCH'].includes(method);
      const response = await (via ?? app()).inject({
        method,
        url,
        ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
        headers: {
          ...(cookie ? { cookie } : {}),
          ...(json ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
      });
      const setCookie = response.headers['set-cookie'];
      for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
        const [pair = ''] = line.split(';');
        const eq = pair.indexOf('=');
        const name = pair.slice(0, eq);
        const value = pair.slice(eq + 1);
        if (/Max-Age=0(;|$)/.test(line) || value === '') cookies.delete(name);
        else cookies.set(name, value);
      }
      return response;
    },
  };
}
