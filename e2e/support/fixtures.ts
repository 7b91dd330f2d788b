import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type APIRequestContext, test as base, expect } from '@playwright/test';
import {
  defineStack,
  formatLogLine,
  freePorts,
  type Ports,
  prepareData,
  type Stack,
  startStack,
} from '../../scripts/lib/stack.mjs';
import { startSupervisorApi } from '../../scripts/lib/supervisor-api.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * How the services carry their domain events: the pull feed (`GET /events`, the default) or NATS JetStream on a
 * nats-server the stack starts first (`defineStack({ nats: true })`). A Playwright project picks it (the config).
 */
export type Transport = 'feed' | 'nats';

/** The real storefront, started once per worker on free ports with its own temporary data folder. */
export interface StorefrontStack {
  stack: Stack;
  transport: Transport;
  ports: Ports;
  /** the shell's origin, e.g. http://localhost:41234 */
  shellUrl: string;
  /** the first BFF replica (bff-1); the shell balances /api over every replica (BFF_REPLICAS, default 2) */
  bffUrl: string;
  /** the supervisor's loopback API: GET /processes, POST /processes/:name/kill (the stack restarts what dies) */
  supervisorUrl: string;
  /** where the browser loads the catalog remote from (the fault proxy's listener: e2e runs in demo mode) */
  catalogRemoteUrl: string;
  dataDir: string;
  /** Every log line every process has written so far (for "no secret is ever logged" checks). */
  logs: string[];
}

/** How long a stock reservation lives in the e2e stack (2 minutes under `npm start`). */
export const RESERVATION_TTL_MS = 15_000;

/** Breaker settings for tests: opens after 3 failures, half-opens after 2 s (the demo default is 5 s). */
export const BREAKER_HALF_OPEN_AFTER_MS = 2000;

export const test = base.extend<object, { transport: Transport; storefront: StorefrontStack }>({
  transport: ['feed', { scope: 'worker', option: true }],
  storefront: [
    async ({ transport }, use, workerInfo) => {
      const ports = await freePorts();
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'storefront-e2e-'));
      const registryFile = path.join(dataDir, 'registry.json');
      await prepareData({ dataDir, registryFile, ports, demo: true });
      const logDir = path.join(here, '..', 'test-results');
      mkdirSync(logDir, { recursive: true });
      const logFile = createWriteStream(path.join(logDir, `stack-${workerInfo.workerIndex}.log`));
      const specs = defineStack({
        ports,
        dataDir,
        registryFile,
        demo: true,
        supervisor: true,
        nats: transport === 'nats',
        env: {
          BFF_BREAKER_HALF_OPEN_AFTER_MS: String(BREAKER_HALF_OPEN_AFTER_MS),
          // The tests break a service and expect its breaker open after one shopper's few calls: the consecutive
          // kind opens on 3 failed attempts, the shipped sampling one (catalog, account) only once a replica saw
          // 10 calls in 10 s (docs/benchmarks.md, section 9).
          BFF_BREAKER_KIND: 'consecutive',
          // Short enough that the crash tests see the recovery and the expiry within a test (defaults 10 s / 2 min).
          BFF_CHECKOUT_STALE_MS: '3000',
          BFF_CHECKOUT_RECOVERY_EVERY_MS: '1000',
          RESERVATION_TTL_MS: String(RESERVATION_TTL_MS),
          RESERVATION_SWEEP_EVERY_MS: '1000',
          // Every test signs up from 127.0.0.1, far more than a person would: the limits stay on, out of reach.
          BFF_AUTH_LIMIT_PER_IP: '100000',
          BFF_AUTH_LIMIT_PER_EMAIL: '1000',
          BFF_OPS_STREAMS_PER_IP: '64',
        },
      });
      const logs: string[] = [];
      const log = (name: string, line: string): void => {
        logs.push(`[${name}] ${line}`);
        // Processes may still log while they stop, after the file is closed.
        if (logFile.writable) logFile.write(`[${name}] ${formatLogLine(line)}\n`);
      };
      // As under `npm start`: a process that dies is restarted; stack.stop() still keeps one down until start().
      const stack = await startStack(specs, { log, restart: true });
      const supervisorApi = await startSupervisorApi(stack, {
        port: ports.SUPERVISOR_PORT,
        log: (line) => log('supervisor', line),
      }).catch(async (err: unknown) => {
        await stack.stopAll();
        throw err;
      });
      await use({
        stack,
        transport,
        ports,
        dataDir,
        shellUrl: `http://localhost:${ports.SHELL_PORT}`,
        bffUrl: stack.spec('bff-1').url,
        supervisorUrl: supervisorApi.url,
        catalogRemoteUrl: `http://localhost:${ports.CATALOG_REMOTE_FAULT_PORT}`,
        logs,
      });
      await supervisorApi.close();
      await stack.stopAll();
      logFile.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  baseURL: async ({ storefront }, use) => {
    await use(storefront.shellUrl);
  },
});

export { expect } from '@playwright/test';

/** A call that reaches each upstream through the BFF (the cart needs an anonymous cart cookie to be asked at all). */
const PROBES: Record<string, { path: string; headers?: Record<string, string> }> = {
  catalog: { path: '/api/catalog/categories' },
  cart: { path: '/api/cart', headers: { cookie: 'sf_cart=e2eprobecart0000000001' } },
  account: { path: '/api/account/status' },
};

/**
 * Drives a little traffic until every breaker of every BFF replica is closed again: a breaker only half-opens when
 * a call comes, so a test that broke something leaves it open until then. Tests that need a calm storefront call
 * this first. Each probe is sent once per replica (the shell host alternates between them).
 */
export async function untilAllBreakersClosed(request: APIRequestContext, shellUrl: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const body = await (await request.get(`${shellUrl}/api/resilience`)).json();
        const replicas = body.replicas as { upstreams: { name: string; state: string }[] }[];
        const open = new Set(
          replicas.flatMap((r) => r.upstreams.filter((u) => u.state !== 'closed').map((u) => u.name)),
        );
        for (const name of open) {
          const probe = PROBES[name];
          for (let i = 0; probe && i < replicas.length; i++) {
            await request.get(`${shellUrl}${probe.path}`, { headers: probe.headers ?? {} });
          }
        }
        return [...open];
      },
      { timeout: 20_000, intervals: [500] },
    )
    .toEqual([]);
}
