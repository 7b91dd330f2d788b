// Private stacks for the benchmarks: free ports, a temporary data folder, the same processes as `npm start`.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../scripts/lib/run.mjs';
import * as currentStack from '../../scripts/lib/stack.mjs';

/** Scratch space of one bench run (gitignored). */
export const TMP = path.join(ROOT, 'bench', 'tmp');

/**
 * @typedef {object} BenchStack
 * @property {import('../../scripts/lib/stack.mjs').Ports} ports
 * @property {import('../../scripts/lib/stack.mjs').Stack} stack
 * @property {(name: string) => string} url   base URL of one process, e.g. url('bff-1')
 * @property {string} dataDir
 * @property {() => Promise<void>} stop      stops every process and removes the data folder
 */

/**
 * What a bench stack needs of scripts/lib/stack.mjs: the current one, or an earlier commit's
 * (bench/lib/baseline.mjs), whose process names may differ (before issue 11 the only BFF was named `bff`) and
 * whose stack has no supervisor calls (status, kill).
 * @typedef {Pick<typeof currentStack, 'freePorts' | 'prepareData' | 'defineStack' | 'startStack'>} StackModule
 */

/** Every stack or host started and not yet stopped, so that an interrupted run still stops them all. */
/** @type {Set<{ stop: () => Promise<void> }>} */
const live = new Set();

/**
 * Starts a stack on free ports with its own data (fresh SQLite seeds, the current builds published). A process
 * that dies stays down (startStack without `restart`), as before the supervisor existed. With `stackModule`, an
 * earlier commit's stack (its own builds) instead of the current one.
 * @param {{ name: string, demo: boolean, env?: NodeJS.ProcessEnv, log?: (name: string, line: string) => void,
 *   stackModule?: StackModule }} opts
 * @returns {Promise<BenchStack>}
 */
export async function startBenchStack({ name, demo, env = {}, log, stackModule = currentStack }) {
  const { defineStack, freePorts, prepareData, startStack } = stackModule;
  const ports = await freePorts();
  const dataDir = path.join(TMP, `${name}-${process.pid}-${Date.now()}`);
  mkdirSync(dataDir, { recursive: true });
  const registryFile = path.join(dataDir, 'registry.json');
  await prepareData({ dataDir, registryFile, ports, demo });
  // Warn-level logs only: a benchmark must not measure its own log output. One BFF (bff-1) unless `env` says
  // otherwise: the sections measure a single BFF, reached at url('bff-1').
  const specs = defineStack({
    ports,
    dataDir,
    registryFile,
    demo,
    // The checkout sections sign up many shoppers from 127.0.0.1: the sign-in limits stay on, out of reach.
    env: { LOG_LEVEL: 'warn', BFF_REPLICAS: '1', BFF_AUTH_LIMIT_PER_IP: '100000', ...env },
  });
  const stack = await startStack(specs, { log });
  /** @type {BenchStack} */
  const handle = {
    ports,
    stack,
    dataDir,
    url: (proc) => stack.spec(proc).url.replace('localhost', '127.0.0.1'),
    stop: async () => {
      live.delete(handle);
      await stack.stopAll();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  live.add(handle);
  return handle;
}

/**
 * Serves a built shell (e.g. the monolith build) with the static host on a free port, its /api proxied to a BFF.
 * @param {{ name: string, root: string, bffUrl: string }} opts
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function startShellHost({ name, root, bffUrl }) {
  const port = (await currentStack.freePorts()).SHELL_PORT;
  const url = `http://127.0.0.1:${port}`;
  const host = path.join(ROOT, 'apps/static-host/dist/cli.js');
  const args = [host, '--root', root, '--port', String(port), '--name', name, '--spa', '--api-proxy', bffUrl];
  const stack = await currentStack.startStack([
    {
      name,
      command: process.execPath,
      args,
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn' },
      url,
      health: `${url}/health`,
    },
  ]);
  const handle = {
    stop: async () => {
      live.delete(handle);
      await stack.stopAll();
    },
  };
  live.add(handle);
  return { url, stop: handle.stop };
}

/**
 * Stops every stack still running (used on errors and Ctrl-C).
 * @returns {Promise<void>}
 */
export async function stopAllStacks() {
  await Promise.all([...live].map((s) => s.stop()));
}
