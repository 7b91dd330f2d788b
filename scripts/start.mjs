#!/usr/bin/env node
// `npm start`: install what is missing, build what is stale, start every process, print the URL, stop all on exit.
// Needs nothing but Node, so it works on a fresh clone before any install.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBuilt } from './lib/build.mjs';
import { ensureInstalled } from './lib/install.mjs';
import { prefix, ROOT, secs } from './lib/run.mjs';
import {
  defineDevStack,
  defineStack,
  demoModeFromEnv,
  formatLogLine,
  portsFromEnv,
  prepareData,
  startStack,
  writeRegistry,
} from './lib/stack.mjs';

const { values: flags } = parseArgs({
  options: {
    dev: { type: 'boolean', default: false },
    'raw-logs': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});

const started = Date.now();
const ports = portsFromEnv();
const dataDir = path.resolve(ROOT, process.env.DATA_DIR ?? '.data');
const registryFile = path.resolve(ROOT, process.env.REGISTRY_FILE ?? path.join(dataDir, 'registry.json'));
const demo = demoModeFromEnv();

/** @param {string} name @param {string} line */
const log = (name, line) => {
  process.stdout.write(`${prefix(name)} ${flags['raw-logs'] ? line : formatLogLine(line)}\n`);
};

try {
  await ensureInstalled();
  if (!flags.dev && !flags['no-build']) await ensureBuilt();
  if (flags.dev) {
    // Dev servers serve the remotes straight from memory: the registry points at them, no releases.
    writeRegistry(registryFile, ports, false);
  } else {
    for (const line of await prepareData({ dataDir, registryFile, ports, demo })) console.log(`» ${line}`);
  }

  const specs = flags.dev
    ? defineDevStack({ ports, dataDir, registryFile, demo })
    : defineStack({ ports, dataDir, registryFile, demo });
  console.log(`» starting ${specs.map((s) => s.name).join(', ')}`);
  const stack = await startStack(specs, { log, healthTimeoutMs: flags.dev ? 120_000 : 30_000 });

  let stopping = false;
  const shutdown = async (/** @type {string} */ signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n» ${signal}: stopping every process`);
    await stack.stopAll();
    console.log('» stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const shell = stack.spec('shell').url;
  const rows = specs.map((s) => `    ${s.name.padEnd(16)} ${s.url}`).join('\n');
  console.log(
    [
      '',
      `  Storefront is up in ${secs(Date.now() - started)}${flags.dev ? ' (dev mode, hot reload)' : ''}`,
      '',
      `  ➜  open ${shell}`,
      '',
      rows,
      '',
      `    console          ${shell}/ops${demo ? '  (demo mode: faults on; DEMO_MODE=0 turns them off)' : ''}`,
      `    resilience       ${shell}/api/resilience`,
      `    openapi          ${shell}/api/openapi.json`,
      `    metrics          ${stack.spec('bff').url}/metrics`,
      `    registry         ${shell}/registry.json  (${path.relative(ROOT, registryFile)})`,
      '',
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
} catch (err) {
  console.error(`✗ npm start failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
