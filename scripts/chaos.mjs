#!/usr/bin/env node
// `npm run chaos -- <command>`: inject and clear faults through the storefront's fault API (demo mode), kill a
// process (the supervisor restarts it), show what is broken and how the breakers feel about it, and run timed
// scenarios with a report (docs/fault-injection.md). The targets, fault types, scenarios and processes are the
// storefront's: every command asks for them.
import { ChaosError, createChaosClient } from './lib/chaos-api.mjs';
import { describeFault } from './lib/chaos-faults.mjs';
import { describeTypes, faultFromFlags, readFaultFlags } from './lib/chaos-flags.mjs';
import { describeKill, killProcess, listProcesses, processTable } from './lib/chaos-processes.mjs';
import { formatReport } from './lib/chaos-report.mjs';
import { runScenario, SPEED } from './lib/chaos-run.mjs';
import { findScenario, printScenarios } from './lib/chaos-scenario.mjs';
import { printStatus, timeLeft } from './lib/chaos-status.mjs';
import { defineCli } from './lib/cli.mjs';

const USAGE = `usage: npm run chaos -- <command> [options]

commands
  inject <target> <type> [--ms N] [--jitter N] [--percent N] [--status N] [--up N] [--down N] [--hold N]
         [--for 30s]    break a target
  clear [target]        clear one target's fault, or every fault
  status                the targets with their active fault (time left) and every breaker's state
  types                 the fault types with their options, bounds and flags
  kill <process>        SIGKILL one process of the stack (e.g. bff-1); the supervisor of npm start restarts it
  processes             the processes with their state, pid, restarts and last exit
  run <scenario> [--speed 1]
                        have the fault proxy run one of its scenarios (--speed 0.1 to 20), drive its traffic (paths,
                        or shoppers checking out) and print a report
  list                  the scenarios with their descriptions
  dual-write            on private processes of its own (the built catalog and cart on free ports, temporary data;
                        no storefront needed): a choreographed checkout whose cart is SIGKILLed right after placing
                        the order, once with its events written outside the transaction (lost) and once with the
                        outbox (delivered), reported side by side

options
  --url URL             the shell's origin (default: CHAOS_URL or http://localhost:3000)
  -h, --help            this text

The targets, the fault types with their options and bounds, and the scenarios belong to the fault proxy: the
commands ask the storefront for them (GET /api/faults, /api/faults/types, /api/faults/scenarios). See them with
\`status\`, \`types\` and \`list\`; the processes (GET /api/ops/processes) with \`processes\`.
--ms, --jitter, --up, --down and --hold take milliseconds (2500) or a duration (2.5s); --for takes a duration
(500ms, 30s, 2m).

exit codes: 0 done, 1 failed, 2 bad usage, 3 scenario ended with a breaker not closed, 4 checkout traffic saw a
duplicate, stock not returned or an order left pending, 130 interrupted (dual-write: 1 when the demo did not show
the loss and the delivery)

example
  npm run chaos -- inject cart latency --ms 2500 --for 30s
  npm run chaos -- kill bff-1
  npm run chaos -- run order-events-consumer-down
  npm run chaos -- dual-write`;

const CLI = defineCli({
  name: 'chaos',
  usage: USAGE,
  positionals: true,
  options: {
    url: { type: 'string' },
    ms: { type: 'string' },
    jitter: { type: 'string' },
    percent: { type: 'string' },
    status: { type: 'string' },
    up: { type: 'string' },
    down: { type: 'string' },
    hold: { type: 'string' },
    for: { type: 'string' },
    speed: { type: 'string' },
  },
  // The chaos CLI's own error line, as its other coded errors (`chaos: error <CODE>: …`).
  reason: (message) => `chaos: error USAGE: ${message} (see --help)`,
});

/**
 * Bad usage: the reason and the usage on stderr, exit code 2. Syntax is checked before any request; what a
 * target, a type or an option may be, against what the storefront lists.
 * @param {string} message
 * @returns {never}
 */
function usageError(message) {
  return CLI.fail(message);
}

/**
 * Fails unless `target` is one of the fault proxy's targets.
 * @param {import('./lib/chaos-api.mjs').FaultTarget[]} targets as the storefront lists them
 * @param {string} target
 */
function checkTarget(targets, target) {
  if (!targets.some((t) => t.name === target)) {
    usageError(`"${target}" is not a target (${targets.map((t) => t.name).join(', ')})`);
  }
}

/**
 * `inject`: reads the flags, checks target, type and options against what the storefront lists, then injects.
 * @param {import('./lib/chaos-api.mjs').ChaosClient} client
 * @param {string} target
 * @param {string} type
 * @param {Record<string, string | boolean | undefined>} flags
 */
async function inject(client, target, type, flags) {
  const given = readFaultFlags(flags, usageError);
  const [targets, types] = await Promise.all([client.listFaults(), client.faultTypes()]);
  checkTarget(targets, target);
  const fault = faultFromFlags(types, type, given, usageError);
  const answer = await client.inject(target, fault);
  const expires = answer?.fault?.expiresAt ? `, expires in ${timeLeft(answer.fault)}` : ', until cleared';
  // The answer carries the options with the proxy's defaults filled in.
  console.log(`injected ${target}: ${describeFault(answer?.fault ?? fault)}${expires}`);
}

/**
 * `clear [target]`: one target (checked against the listed ones) or every fault.
 * @param {import('./lib/chaos-api.mjs').ChaosClient} client
 * @param {string | undefined} target
 */
async function clear(client, target) {
  if (target === undefined) {
    const targets = await client.clearAll();
    console.log(`cleared every fault (${targets.length} targets)`);
    return;
  }
  checkTarget(await client.listFaults(), target);
  await client.clear(target);
  console.log(`cleared ${target}`);
}

/**
 * `run`: the scenario with live progress, Ctrl-C stops early (faults still cleared), then the report.
 * @param {import('./lib/chaos-api.mjs').ChaosClient} client
 * @param {string} name
 * @param {string | undefined} speedFlag
 * @returns {Promise<number>} exit code
 */
async function run(client, name, speedFlag) {
  // The fault proxy runs only the scenarios in its own folder, so a file elsewhere cannot be run.
  if (name.endsWith('.json') || name.includes('/') || name.includes('\\')) {
    usageError(`"${name}": give a scenario name from apps/fault-proxy/scenarios/ (see chaos list)`);
  }
  const speed = speedFlag === undefined ? 1 : Number(speedFlag);
  if (!(speed >= SPEED.min && speed <= SPEED.max))
    usageError(`--speed must be a number from ${SPEED.min} to ${SPEED.max}`);
  const scenario = findScenario(await client.scenarios(), name);
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    console.log('\nstopping: cancelling the scenario and clearing its faults (Ctrl-C again to quit at once)');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  console.log(`running ${scenario.name} against ${client.base}: ${scenario.description}\n`);
  const report = await runScenario({
    baseUrl: client.base,
    scenario,
    speed,
    signal: controller.signal,
    log: (line) => console.log(line),
  });
  process.off('SIGINT', onSigint);
  console.log(formatReport(report));
  if (report.cleanup.failed.length > 0 || report.cleanup.stillActive.length > 0) return 1;
  if (report.aborted) return 130;
  // Something doubled or lost outweighs a breaker still closing.
  if (report.checkout?.verdict === 'broken') return 4;
  return report.allBreakersClosed ? 0 : 3;
}

/**
 * `dual-write`: the demo on processes of its own, live lines then the side-by-side report; Ctrl-C stops them.
 * @returns {Promise<number>} exit code: 0 when it showed the event lost and the event delivered
 */
async function dualWrite() {
  // Loaded here: the stack's modules are no business of the other commands, which start faster without them.
  const { runDualWrite } = await import('./lib/chaos-dual-write.mjs');
  const { formatDualWrite } = await import('./lib/chaos-dual-write-report.mjs');
  console.log(
    'starting two catalog + cart pairs: (a) the cart writes its events outside the transaction, (b) the outbox',
  );
  const controller = new AbortController();
  const onSigint = () => {
    console.log("\nstopping the demo's processes");
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  const log = (/** @type {string} */ line) => console.log(line);
  const result = await runDualWrite({ log, signal: controller.signal }).catch((err) => {
    if (controller.signal.aborted) return null;
    throw err;
  });
  process.off('SIGINT', onSigint);
  if (result === null) return 130;
  console.log(`\n${formatDualWrite(result)}`);
  return result.naive.verdict === 'lost' && result.outbox.verdict === 'delivered' ? 0 : 1;
}

/**
 * Parses the command line and runs one command.
 * @param {string[]} argv
 * @returns {Promise<number>} exit code
 */
async function main(argv) {
  // -h and --help are answered by CLI.parse; `help` is a command too.
  const { values: flags, positionals } = CLI.parse(argv);
  const [command, ...rest] = positionals;
  if (command === 'help') {
    console.log(USAGE);
    return 0;
  }
  // An empty CHAOS_URL counts as unset.
  const baseUrl = flags.url ?? (process.env.CHAOS_URL || 'http://localhost:3000');
  const client = () => createChaosClient(baseUrl);
  const arity = (/** @type {number} */ min, /** @type {number} */ max) => {
    if (rest.length < min || rest.length > max) usageError(`wrong number of arguments for "${command}"`);
  };
  switch (command) {
    case 'inject': {
      arity(2, 2);
      const [target = '', type = ''] = rest;
      await inject(client(), target, type, flags);
      return 0;
    }
    case 'clear':
      arity(0, 1);
      await clear(client(), rest[0]);
      return 0;
    case 'status':
      arity(0, 0);
      await printStatus(client());
      return 0;
    case 'types':
      arity(0, 0);
      console.log(describeTypes(await client().faultTypes()).join('\n'));
      return 0;
    case 'run':
      arity(1, 1);
      return run(client(), rest[0] ?? '', flags.speed);
    case 'list':
      arity(0, 0);
      await printScenarios(client());
      return 0;
    case 'kill': {
      arity(1, 1);
      const name = rest[0] ?? '';
      // The name's syntax is checked here; whether it runs, by the supervisor (PROCESS_NOT_FOUND).
      if (!/^[a-z][a-z0-9-]{0,63}$/.test(name))
        usageError(`"${name}" is not a process name (see chaos processes)`);
      console.log(describeKill(await killProcess(client(), name)));
      return 0;
    }
    case 'dual-write':
      arity(0, 0);
      return dualWrite();
    case 'processes':
      arity(0, 0);
      console.log(processTable(await listProcesses(client()), Date.now()).join('\n'));
      return 0;
    case undefined:
      return usageError('no command given');
    default:
      return usageError(`unknown command "${command}"`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof ChaosError) {
    console.error(`chaos: error ${err.code}: ${err.message}`);
    process.exitCode = err.exitCode;
  } else {
    console.error(
      `chaos: error INTERNAL: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    process.exitCode = 1;
  }
}
