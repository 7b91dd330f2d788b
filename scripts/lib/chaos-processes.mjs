// `chaos kill <process>` and `chaos processes`: the storefront's processes as the supervisor of `npm start` sees
// them, through the BFF (`GET /api/ops/processes`, `POST /api/faults/processes/:name/kill`, contract
// processes.ts). The supervisor SIGKILLs and restarts; the CLI only asks and prints the answer.
import { ChaosError, errorOf } from './chaos-api.mjs';
import { formatMs } from './chaos-duration.mjs';
import { isRecord } from './chaos-faults.mjs';
import { table } from './chaos-report.mjs';
import { scenarioProcesses } from './chaos-scenario.mjs';

/** @typedef {import('@storefront/contract').ProcessStatus} ProcessStatus */

const NO_SUPERVISOR = 'no supervisor runs this storefront (start it with npm start), or it does not answer';

/**
 * Reads one process out of an answer; null when it does not look like one.
 * @param {unknown} raw
 * @returns {ProcessStatus | null}
 */
function processOf(raw) {
  if (!isRecord(raw) || typeof raw.name !== 'string') return null;
  return /** @type {ProcessStatus} */ (/** @type {unknown} */ (raw));
}

/**
 * Turns a refusal of the process routes into a ChaosError with a code the user can act on.
 * @param {string} what e.g. `POST /api/faults/processes/bff-1/kill`
 * @param {number} status
 * @param {unknown} body
 * @returns {never}
 */
function refused(what, status, body) {
  const error = errorOf(body);
  if (error?.code === 'PROCESS_NOT_FOUND') {
    throw new ChaosError('PROCESS_NOT_FOUND', `${error.message || 'no such process'} (see chaos processes)`);
  }
  if (error?.code === 'SUPERVISOR_UNAVAILABLE') {
    throw new ChaosError('SUPERVISOR_UNAVAILABLE', NO_SUPERVISOR);
  }
  if (error?.code === 'LOOPBACK_ONLY') {
    throw new ChaosError('LOOPBACK_ONLY', 'the fault API only answers clients on this machine');
  }
  if (status === 404) {
    throw new ChaosError(
      'FAULT_API_UNAVAILABLE',
      `${what} is not answered (is the storefront running with demo mode on, and up to date?)`,
    );
  }
  const detail = error ? `${error.code}${error.message ? `: ${error.message}` : ''}` : `HTTP ${status}`;
  throw new ChaosError('PROCESS_API_ERROR', `${what} failed (${detail})`);
}

/**
 * `kill <process>`: the supervisor SIGKILLs it and restarts it; returns the process as it answered.
 * @param {import('./chaos-api.mjs').ChaosClient} client
 * @param {string} name
 * @returns {Promise<ProcessStatus>}
 */
export async function killProcess(client, name) {
  const path = `/api/faults/processes/${encodeURIComponent(name)}/kill`;
  const { status, body } = await client.request('POST', path);
  const process = status >= 200 && status < 300 && isRecord(body) ? processOf(body.process) : null;
  if (process === null) return refused(`POST ${path}`, status, body);
  return process;
}

/**
 * `processes`: every process of the stack.
 * @param {import('./chaos-api.mjs').ChaosClient} client
 * @returns {Promise<ProcessStatus[]>}
 */
export async function listProcesses(client) {
  const { status, body } = await client.request('GET', '/api/ops/processes');
  if (status !== 200 || !isRecord(body) || !Array.isArray(body.processes)) {
    return refused('GET /api/ops/processes', status, body);
  }
  return body.processes.map(processOf).filter((p) => p !== null);
}

/**
 * How a process last ended, e.g. `SIGKILL 12.0s ago`, `code 1 3m 05s ago`, `-`.
 * @param {ProcessStatus['lastExit']} exit
 * @param {number} now epoch ms
 * @returns {string}
 */
export function describeExit(exit, now) {
  if (!exit) return '-';
  const how = exit.signal ? exit.signal : `code ${exit.code ?? '?'}`;
  const at = Date.parse(exit.at);
  return Number.isNaN(at) ? how : `${how} ${formatMs(Math.max(0, now - at))} ago`;
}

/**
 * The line `kill` prints, from the supervisor's answer: `killed bff-1: pid 4242, state backoff, restarts 3 (the
 * supervisor restarts it)`.
 * @param {ProcessStatus} process
 * @returns {string}
 */
export function describeKill(process) {
  const pid = process.pid === null ? 'no pid' : `pid ${process.pid}`;
  return `killed ${process.name}: ${pid}, state ${process.state}, restarts ${process.restarts} (the supervisor restarts it)`;
}

/**
 * `processes` as a table: name, state, pid, restarts, last exit.
 * @param {ProcessStatus[]} processes
 * @param {number} now epoch ms
 * @returns {string[]}
 */
export function processTable(processes, now) {
  if (processes.length === 0) return ['the supervisor runs no processes'];
  const rows = processes.map((p) => [
    p.name,
    p.state,
    p.pid === null ? '-' : String(p.pid),
    String(p.restarts),
    describeExit(p.lastExit, now),
  ]);
  return table(['process', 'state', 'pid', 'restarts', 'last exit'], rows);
}

/**
 * Before running a scenario with kill steps: fails (SUPERVISOR_UNAVAILABLE) when no supervisor runs the stack,
 * which the fault proxy would refuse anyway, and warns of each process it does not run (those kills will fail).
 * @param {import('./chaos-api.mjs').ChaosClient} client
 * @param {import('./chaos-scenario.mjs').Scenario} scenario
 * @returns {Promise<string[]>} warnings
 */
export async function checkKills(client, scenario) {
  const names = scenarioProcesses(scenario);
  if (names.length === 0) return [];
  const running = new Set((await listProcesses(client)).map((p) => p.name));
  return names
    .filter((name) => !running.has(name))
    .map((name) => `the supervisor runs no process "${name}": the scenario's kill steps for it will fail`);
}
