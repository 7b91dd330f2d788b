#!/usr/bin/env node
// `npm run chaos -- <command>`: inject and clear faults through the storefront's fault API (demo mode), show what
// is broken and how the breakers feel about it, and run timed scenarios with a report (docs/fault-injection.md).
import { ChaosError, createChaosClient } from './lib/chaos-api.mjs';
import { formatMs, parseDuration, parseMs } from './lib/chaos-duration.mjs';
import {
  describeFault,
  FAULT_DURATION,
  FAULT_TYPES,
  faultProblems,
  isTarget,
  TARGETS,
} from './lib/chaos-faults.mjs';
import { formatReport, runScenario, SPEED, table } from './lib/chaos-run.mjs';
import { listScenarios, loadScenario } from './lib/chaos-scenario.mjs';
import { defineCli } from './lib/cli.mjs';

const USAGE = `usage: npm run chaos -- <command> [options]

commands
  inject <target> <type> [--ms N] [--jitter N] [--percent N] [--status N] [--up N] [--down N] [--for 30s]
                        break a target; types: ${Object.keys(FAULT_TYPES).join(', ')}
  clear [target]        clear one target's fault, or every fault
  status                active faults (time left) and every breaker's state
  run <scenario> [--speed 1]
                        have the fault proxy run a scenario from apps/fault-proxy/scenarios/ (--speed 0.1 to 20),
                        drive its traffic and print a report
  list                  the scenarios with their descriptions

options
  --url URL             the shell's origin (default: CHAOS_URL or http://localhost:3000)
  -h, --help            this text

targets: ${TARGETS.join(', ')}
--ms, --jitter, --up and --down take milliseconds (2500) or a duration (2.5s); --for takes a duration (500ms, 30s, 2m).

exit codes: 0 done, 1 failed, 2 bad usage, 3 scenario ended with a breaker not closed, 130 interrupted

example
  npm run chaos -- inject cart latency --ms 2500 --for 30s`;

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
    for: { type: 'string' },
    speed: { type: 'string' },
  },
  // The chaos CLI's own error line, as its other coded errors (`chaos: error <CODE>: …`).
  reason: (message) => `chaos: error USAGE: ${message} (see --help)`,
});

/** Which CLI flag sets which fault option. */
const FLAG_OPTIONS = /** @type {const} */ ({
  ms: { option: 'ms', parse: parseMs },
  jitter: { option: 'jitterMs', parse: parseMs },
  percent: { option: 'percent', parse: parseInteger },
  status: { option: 'status', parse: parseInteger },
  up: { option: 'upMs', parse: parseMs },
  down: { option: 'downMs', parse: parseMs },
});

/**
 * @param {string} text
 * @returns {number}
 */
function parseInteger(text) {
  if (!/^\d+$/.test(text.trim())) throw new RangeError(`"${text}" is not a whole number`);
  return Number(text);
}

/**
 * Bad usage: the reason and the usage on stderr, exit code 2. Every call comes before a request is sent.
 * @param {string} message
 * @returns {never}
 */
function usageError(message) {
  return CLI.fail(message);
}

/**
 * Builds the PUT body of `inject` from the flags, naming the flag in every error.
 * @param {string} type
 * @param {Record<string, string | boolean | undefined>} flags
 * @returns {import('./lib/chaos-faults.mjs').FaultRequest}
 */
function faultFromFlags(type, flags) {
  if (!Object.hasOwn(FAULT_TYPES, type)) {
    usageError(`"${type}" is not a fault type (${Object.keys(FAULT_TYPES).join(', ')})`);
  }
  const spec = FAULT_TYPES[type] ?? {};
  /** @type {Record<string, number>} */
  const options = {};
  for (const [flag, { option, parse }] of Object.entries(FLAG_OPTIONS)) {
    const raw = flags[flag];
    if (typeof raw !== 'string') continue;
    if (!Object.hasOwn(spec, option)) usageError(`--${flag} does not apply to a "${type}" fault`);
    try {
      options[option] = parse(raw);
    } catch (err) {
      usageError(`--${flag}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  /** @type {number | undefined} */
  let durationMs;
  if (typeof flags.for === 'string') {
    try {
      durationMs = parseDuration(flags.for);
    } catch (err) {
      usageError(`--for: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (durationMs < FAULT_DURATION.min || durationMs > FAULT_DURATION.max)
      usageError('--for: must be from 1s to 1h');
  }
  const flagOf = Object.fromEntries(Object.entries(FLAG_OPTIONS).map(([flag, { option }]) => [option, flag]));
  const problems = faultProblems(type, options, durationMs).map((p) =>
    p.replace(/^options\.(\w+)/, (_, key) => `--${flagOf[key] ?? key}`),
  );
  if (problems.length > 0) usageError(problems.join('; '));
  return durationMs === undefined ? { type, options } : { type, options, durationMs };
}

/**
 * Time left of a fault, for `status`.
 * @param {import('./lib/chaos-api.mjs').ActiveFault} fault
 * @returns {string}
 */
function timeLeft(fault) {
  if (!fault.expiresAt) return 'until cleared';
  const left = Date.parse(fault.expiresAt) - Date.now();
  return Number.isNaN(left) ? '?' : formatMs(Math.max(0, left));
}

/**
 * `status`: faults and breakers, each shown even when the other cannot be read.
 * @param {import('./lib/chaos-api.mjs').ChaosClient} client
 */
async function status(client) {
  const [faults, breakers] = await Promise.allSettled([client.listFaults(), client.resilience()]);
  if (faults.status === 'rejected' && breakers.status === 'rejected') throw faults.reason;
  if (faults.status === 'fulfilled') {
    const rows = faults.value.map((t) => [
      t.name,
      t.kind ?? '-',
      t.fault ? `${describeFault(t.fault)}${t.fault.phase ? ` (${t.fault.phase} now)` : ''}` : 'none',
      t.fault ? timeLeft(t.fault) : '-',
    ]);
    console.log(table(['target', 'kind', 'fault', 'time left'], rows).join('\n'));
  } else {
    const err = faults.reason;
    console.log(`faults: ${err instanceof Error ? err.message : String(err)}`);
  }
  console.log('');
  if (breakers.status === 'fulfilled') {
    const rows = breakers.value.map((u) => {
      const last = u.lastTransition;
      const ago = last ? formatMs(Math.max(0, Date.now() - Date.parse(last.at))) : '';
      return [
        u.name,
        u.state,
        u.state === 'closed' || !u.retryAfterMs ? '-' : formatMs(u.retryAfterMs),
        last ? `${last.from} → ${last.to} ${ago} ago${last.reason ? ` (${last.reason})` : ''}` : '-',
      ];
    });
    console.log(table(['upstream', 'breaker', 'probe in', 'last transition'], rows).join('\n'));
  } else {
    const err = breakers.reason;
    console.log(`breakers: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * `list`: every scenario with its length and description.
 */
function list() {
  const scenarios = listScenarios();
  if (scenarios.length === 0) console.log('no scenarios in apps/fault-proxy/scenarios/');
  for (const { name, scenario, error } of scenarios) {
    if (!scenario) {
      console.log(`${name}  (invalid)\n  ${(error ?? '').replaceAll('\n', '\n  ')}\n`);
      continue;
    }
    const targets = [...new Set(scenario.steps.map((s) => s.target).filter(Boolean))].join(', ');
    console.log(`${name}  (${formatMs(scenario.durationMs)}; ${targets})\n  ${scenario.description}\n`);
  }
}

/**
 * `run`: the scenario with live progress, Ctrl-C stops early (faults still cleared), then the report.
 * @param {string} baseUrl
 * @param {string} name
 * @param {string | undefined} speedFlag
 * @returns {Promise<number>} exit code
 */
async function run(baseUrl, name, speedFlag) {
  // The fault proxy runs only the scenarios in its own folder, so a file elsewhere cannot be run.
  if (name.endsWith('.json') || name.includes('/') || name.includes('\\')) {
    usageError(`"${name}": give a scenario name from apps/fault-proxy/scenarios/ (see chaos list)`);
  }
  const scenario = loadScenario(name);
  const speed = speedFlag === undefined ? 1 : Number(speedFlag);
  if (!(speed >= SPEED.min && speed <= SPEED.max))
    usageError(`--speed must be a number from ${SPEED.min} to ${SPEED.max}`);
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    console.log('\nstopping: cancelling the scenario and clearing its faults (Ctrl-C again to quit at once)');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  console.log(`running ${scenario.name} against ${baseUrl}: ${scenario.description}\n`);
  const report = await runScenario({
    baseUrl,
    scenario,
    speed,
    signal: controller.signal,
    log: (line) => console.log(line),
  });
  process.off('SIGINT', onSigint);
  console.log(formatReport(report));
  if (report.cleanup.failed.length > 0 || report.cleanup.stillActive.length > 0) return 1;
  if (report.aborted) return 130;
  return report.allBreakersClosed ? 0 : 3;
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
      if (!isTarget(target)) usageError(`"${target}" is not a target (${TARGETS.join(', ')})`);
      const fault = faultFromFlags(type, flags);
      const answer = await client().inject(target, fault);
      const expires = answer?.fault?.expiresAt ? `, expires in ${timeLeft(answer.fault)}` : ', until cleared';
      console.log(`injected ${target}: ${describeFault(fault)}${expires}`);
      return 0;
    }
    case 'clear': {
      arity(0, 1);
      const [target] = rest;
      if (target === undefined) {
        const targets = await client().clearAll();
        console.log(`cleared every fault (${targets.length} targets)`);
      } else {
        if (!isTarget(target)) usageError(`"${target}" is not a target (${TARGETS.join(', ')})`);
        await client().clear(target);
        console.log(`cleared ${target}`);
      }
      return 0;
    }
    case 'status':
      arity(0, 0);
      await status(client());
      return 0;
    case 'run':
      arity(1, 1);
      return run(client().base, rest[0] ?? '', flags.speed);
    case 'list':
      arity(0, 0);
      list();
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
