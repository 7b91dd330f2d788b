// Kill steps reach the processes through the supervisor that runs the stack (`npm start`): it owns them, SIGKILLs
// one on request and restarts it with backoff (`POST /processes/:name/kill` on its loopback API, SUPERVISOR_URL).
// The fault proxy never signals a process itself: it does not know the pids, and a process it killed would not
// come back.
import type { ProcessStatus } from '@storefront/contract';

/** What a kill step needs: kill one process by name; rejects with a message that says why not. */
export interface ProcessKiller {
  /** `downForMs`: the supervisor holds the restart that long (the process stays down), else restarts at once. */
  kill(name: string, opts?: { downForMs?: number }): Promise<KilledProcess>;
}

/** The process as the supervisor answered right after the kill. */
export type KilledProcess = Pick<ProcessStatus, 'name' | 'pid' | 'restarts'>;

/** How one kill step went, kept in the run's state (`GET /faults` → `scenario.kills`). */
export interface KillOutcome {
  step: number;
  process: string;
  at: string;
  result: 'killed' | 'failed';
  /** The supervisor's answer when killed. */
  pid: number | null;
  restarts: number | null;
  /** Why it failed; null when killed. */
  message: string | null;
}

/** A kill the supervisor refused or could not be asked for. */
export class KillFailedError extends Error {}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorText(body: unknown): string {
  const error = isObject(body) && isObject(body.error) ? body.error : null;
  if (error === null) return '';
  const code = typeof error.code === 'string' ? error.code : 'ERROR';
  return typeof error.message === 'string' && error.message !== '' ? `${code}: ${error.message}` : code;
}

function killedProcess(name: string, body: unknown): KilledProcess {
  const process = isObject(body) && isObject(body.process) ? body.process : {};
  return {
    name,
    pid: typeof process.pid === 'number' ? process.pid : null,
    restarts: typeof process.restarts === 'number' ? process.restarts : 0,
  };
}

/** Options of {@link createSupervisorClient}. */
export interface SupervisorClientOptions {
  /** Per call (default 5 s): a kill is one signal, the supervisor answers at once. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The supervisor's API at `base` (SUPERVISOR_URL) as a {@link ProcessKiller}. */
export function createSupervisorClient(base: URL, opts: SupervisorClientOptions = {}): ProcessKiller {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const root = `${base.origin}${base.pathname.replace(/\/$/, '')}`;
  return {
    async kill(name, opts = {}) {
      const hold = opts.downForMs === undefined ? '' : `?downForMs=${opts.downForMs}`;
      const url = `${root}/processes/${encodeURIComponent(name)}/kill${hold}`;
      let res: Response;
      try {
        res = await doFetch(url, { method: 'POST', signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
        const reason = cause instanceof Error ? cause.message : String(cause);
        throw new KillFailedError(`the supervisor at ${root} does not answer (${reason})`);
      }
      const text = await res.text();
      let body: unknown = null;
      try {
        body = text === '' ? null : JSON.parse(text);
      } catch {
        body = null;
      }
      if (res.status === 202 || res.status === 200) return killedProcess(name, body);
      if (res.status === 404) {
        throw new KillFailedError(
          `the supervisor runs no process "${name}" (${errorText(body) || 'HTTP 404'})`,
        );
      }
      throw new KillFailedError(
        `the supervisor refused to kill "${name}" (HTTP ${res.status}${body ? `, ${errorText(body)}` : ''})`,
      );
    },
  };
}

/** Runs one kill step: never throws; the outcome says what happened. */
export async function runKill(
  killer: ProcessKiller | null,
  process: string,
  step: number,
  now: () => number,
  downForMs?: number,
): Promise<KillOutcome> {
  const at = new Date(now()).toISOString();
  const base = { step, process, at };
  if (killer === null) {
    const message = 'no supervisor to ask (SUPERVISOR_URL is not set for the fault proxy)';
    return { ...base, result: 'failed', pid: null, restarts: null, message };
  }
  try {
    const killed = await killer.kill(process, downForMs === undefined ? {} : { downForMs });
    return { ...base, result: 'killed', pid: killed.pid, restarts: killed.restarts, message: null };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ...base, result: 'failed', pid: null, restarts: null, message };
  }
}
