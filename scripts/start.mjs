#!/usr/bin/env node
// `npm start`: install what is missing, build what is stale, start every process, print the URL, stop all on exit.
// Needs nothing but Node, so it works on a fresh clone before any install.
import path from 'node:path';
import { ensureBuilt } from './lib/build.mjs';
import { defineCli } from './lib/cli.mjs';
import { ensureNatsServer } from './lib/debian-tools.mjs';
import { ensureInstalled } from './lib/install.mjs';
import { prefix, ROOT, secs } from './lib/run.mjs';
import {
  bffReplicasFromEnv,
  defineDevStack,
  defineStack,
  demoModeFromEnv,
  formatLogLine,
  portsFromEnv,
  prepareData,
  startStack,
  writeRegistry,
} from './lib/stack.mjs';
import { startSupervisorApi } from './lib/supervisor-api.mjs';

const USAGE = `usage: npm start [-- options]        (node scripts/start.mjs [options]; npm run dev = --dev)

Installs what is missing, builds what changed, starts every process (shell, remote hosts, BFF replicas, services,
in demo mode the fault proxy, with --nats a nats-server), waits for their health checks and prints the URLs. A
process that exits unexpectedly is restarted with backoff (250 ms doubling to 8 s). Ctrl-C stops them all.

options
  --dev            watch mode: dev servers with hot reload for the shell and remotes, tsx watch for services;
                   no build, no releases
  --no-build       start the last build as it is, without rebuilding what changed
  --nats           the services carry their domain events over NATS JetStream: a nats-server is started first
                   (NATS_PORT 4222, monitoring NATS_MONITOR_PORT 8222, data in <DATA_DIR>/nats) unless NATS_URL
                   is set; without it they pull each other's event feeds
  --raw-logs       print the processes' log lines as written (JSON), not formatted
  -h, --help       this text

environment
  DEMO_MODE=0      no fault proxy and no fault API (demo mode is on by default)
  DATA_DIR         data and releases (default .data); REGISTRY_FILE (default <DATA_DIR>/registry.json)
  BFF_REPLICAS     how many BFFs the shell balances /api over (default 2, 1 to 8): bff-1 on BFF_PORT,
                   bff-2 on BFF_2_PORT (4010), … bff-8 on BFF_8_PORT (4016)
  SUPERVISOR_PORT  the supervisor's loopback API (default 5900): GET /processes, POST /processes/<name>/kill
  NATS_URL         an existing NATS server (JetStream on) for the services; implies --nats
  OTEL_EXPORTER_OTLP_ENDPOINT
                   also send every process's spans to this OTLP/HTTP collector (Jaeger, Tempo, an OpenTelemetry
                   Collector); they always go to the local trace store (TRACE_STORE_PORT 5318) that /ops reads
  *_PORT           ports, e.g. SHELL_PORT=3000, BFF_PORT=4000 (README, "Ports")

example
  DEMO_MODE=0 npm start -- --no-build`;

const { values: flags } = defineCli({
  name: 'start',
  usage: USAGE,
  options: {
    dev: { type: 'boolean', default: false },
    'raw-logs': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    nats: { type: 'boolean', default: false },
  },
}).parse();

const started = Date.now();
const ports = portsFromEnv();
const dataDir = path.resolve(ROOT, process.env.DATA_DIR ?? '.data');
const registryFile = path.resolve(ROOT, process.env.REGISTRY_FILE ?? path.join(dataDir, 'registry.json'));
const demo = demoModeFromEnv();
// A NATS_URL given is a NATS to use: asking for it again with --nats would be redundant.
const nats = flags.nats || Boolean(process.env.NATS_URL);
const replicas = (() => {
  try {
    return bffReplicasFromEnv();
  } catch (err) {
    console.error(`✗ ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
})();

/** @param {string} name @param {string} line */
const log = (name, line) => {
  process.stdout.write(`${prefix(name)} ${flags['raw-logs'] ? line : formatLogLine(line)}\n`);
};

try {
  await ensureInstalled();
  if (nats && !process.env.NATS_URL) await ensureNatsServer();
  if (!flags.dev && !flags['no-build']) await ensureBuilt();
  if (flags.dev) {
    // Dev servers serve the remotes straight from memory: the registry points at them, no releases.
    writeRegistry(registryFile, ports, false);
  } else {
    for (const line of await prepareData({ dataDir, registryFile, ports, demo })) console.log(`» ${line}`);
  }

  const opts = { ports, dataDir, registryFile, demo, supervisor: true, nats };
  const specs = flags.dev ? defineDevStack(opts) : defineStack(opts);
  console.log(`» starting ${specs.map((s) => s.name).join(', ')}`);
  const stack = await startStack(specs, {
    log,
    healthTimeoutMs: flags.dev ? 120_000 : 30_000,
    restart: true,
  });
  // Started once every process is: the BFFs only ask it when someone opens /ops or kills a process.
  const supervisorApi = await startSupervisorApi(stack, {
    port: ports.SUPERVISOR_PORT,
    log: (line) => log('supervisor', line),
  }).catch(async (err) => {
    await stack.stopAll();
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`the supervisor API cannot listen on ${ports.SUPERVISOR_PORT}: ${reason}`);
  });

  let stopping = false;
  const shutdown = async (/** @type {string} */ signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n» ${signal}: stopping every process`);
    await supervisorApi.close();
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
      `    metrics          ${stack.spec('bff-1').url}/metrics${replicas > 1 ? ' (one per BFF replica)' : ''}`,
      `    traces           ${shell}/ops  (Recent requests; a trace by id: ${shell}/ops?trace=<id>)`,
      `    supervisor       ${supervisorApi.url}/processes  (restarts any process that dies)`,
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
