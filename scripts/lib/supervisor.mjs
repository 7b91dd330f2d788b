// Runs the stack's processes and, with `restart`, brings back any that exits without being asked to (issue 11,
// "nothing lost when any process dies"). stop() remembers that a process is meant to be down, so a stopped
// process stays stopped until start() is called again, with or without restarts.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { secs } from './run.mjs';

/** @typedef {import('./stack.mjs').ProcessSpec} ProcessSpec */
/** @typedef {'starting' | 'running' | 'backoff' | 'stopped'} ProcessState */
/** @typedef {{ code: number | null, signal: string | null, at: string }} ProcessExit */

/**
 * One supervised process, the shape of `ProcessStatus` in packages/contract/src/processes.ts.
 * @typedef {object} ProcessStatus
 * @property {string} name
 * @property {number | null} pid
 * @property {ProcessState} state
 * @property {string} url
 * @property {number} restarts          unexpected exits followed by a restart
 * @property {string | null} startedAt  when the current child was spawned (ISO), null when none runs
 * @property {ProcessExit | null} lastExit
 */

/** @typedef {{ initialMs: number, maxMs: number, resetAfterMs: number }} Backoff */

/**
 * 250 ms doubling to 8 s while a process keeps dying before it has served for long; one that was healthy for 10 s
 * before it died is not crash-looping (it was killed, or failed after real work), so it starts over at 250 ms.
 */
export const BACKOFF = Object.freeze({ initialMs: 250, maxMs: 8000, resetAfterMs: 10_000 });

/**
 * The wait before restart number `attempt` (1-based) of a crash loop.
 * @param {number} attempt
 * @param {Backoff} [backoff]
 * @returns {number}
 */
export function backoffDelay(attempt, backoff = BACKOFF) {
  return Math.min(backoff.initialMs * 2 ** Math.max(0, attempt - 1), backoff.maxMs);
}

/**
 * Polls a URL until it answers 2xx.
 * @param {string} url
 * @param {number} timeoutMs
 * @param {() => boolean} [alive] stops early when the process died
 * @returns {Promise<void>}
 */
export async function waitForHealthy(url, timeoutMs, alive = () => true) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`process exited before ${url} answered`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} did not become healthy within ${timeoutMs} ms (${last})`);
}

/**
 * @typedef {object} Proc
 * @property {ProcessSpec} spec
 * @property {import('node:child_process').ChildProcess | null} child
 * @property {ProcessState} state
 * @property {boolean} wanted            false once stop() asked it to stay down
 * @property {number} restarts
 * @property {number} crashes            restarts of the current crash loop: the exponent of the backoff
 * @property {number | null} startedAt   ms
 * @property {number | null} healthyAt   ms: when the current child first answered its health check
 * @property {ProcessExit | null} lastExit
 * @property {NodeJS.Timeout | null} timer  pending restart
 * @property {number | null} holdUntil   ms: a kill asked the restart to wait until then (`downForMs`)
 * @property {Promise<void>} ready       settles once the current child answers its health check (or fails to)
 */

/**
 * @typedef {object} Supervisor
 * @property {(name: string) => Promise<void>} start   (re)starts one process and waits until healthy
 * @property {(name: string) => Promise<void>} stop    stops one process for good (SIGTERM, then SIGKILL)
 * @property {(name: string, signal?: NodeJS.Signals, opts?: { downForMs?: number }) => Promise<ProcessStatus>}
 *   kill  signals the process group as a crash would (restarted when restart is on, not before `downForMs` when
 *   given: a process kept down for a demo); resolves once it exited (at most 1 s: callers such as the BFF give
 *   the supervisor API 2 s) with its status
 * @property {() => ProcessStatus[]} status
 * @property {() => Promise<void>} stopAll
 * @property {(name: string) => ProcessSpec} spec
 */

/**
 * @param {ProcessSpec[]} specs
 * @param {{ log?: (name: string, line: string) => void, healthTimeoutMs?: number, restart?: boolean,
 *   backoff?: Backoff }} [opts]
 * @returns {Supervisor}
 */
export function createSupervisor(specs, opts = {}) {
  const log = opts.log ?? (() => {});
  const timeout = opts.healthTimeoutMs ?? 30_000;
  const restart = opts.restart ?? false;
  const backoff = opts.backoff ?? BACKOFF;
  /** @type {Map<string, Proc>} */
  const procs = new Map(
    specs.map((spec) => [
      spec.name,
      /** @type {Proc} */ ({
        spec,
        child: null,
        state: 'stopped',
        wanted: false,
        restarts: 0,
        crashes: 0,
        startedAt: null,
        healthyAt: null,
        lastExit: null,
        timer: null,
        holdUntil: null,
        ready: Promise.resolve(),
      }),
    ]),
  );

  const proc = (/** @type {string} */ name) => {
    const p = procs.get(name);
    if (!p) throw new Error(`no process named ${name}`);
    return p;
  };

  /** @param {number} pid @param {NodeJS.Signals} signal */
  const signalGroup = (pid, signal) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };

  /** @param {Proc} p @returns {ProcessStatus} */
  const statusOf = (p) => ({
    name: p.spec.name,
    pid: p.child?.pid ?? null,
    state: p.state,
    url: p.spec.url,
    restarts: p.restarts,
    startedAt: p.child && p.startedAt !== null ? new Date(p.startedAt).toISOString() : null,
    lastExit: p.lastExit,
  });

  /** @param {Proc} p @param {import('node:child_process').ChildProcess} child */
  const onExit = (p, child, /** @type {number | null} */ code, /** @type {string | null} */ signal) => {
    if (p.child !== child) return;
    const now = Date.now();
    p.child = null;
    p.lastExit = { code, signal, at: new Date(now).toISOString() };
    const reason = signal ?? `code ${code}`;
    // A kill that asked to keep the process down: the restart waits for the hold, or the backoff if longer.
    const held = p.holdUntil === null ? 0 : Math.max(0, p.holdUntil - now);
    p.holdUntil = null;
    if (!restart || !p.wanted) {
      p.state = 'stopped';
      log(p.spec.name, `exited (${reason})`);
      return;
    }
    if (p.healthyAt !== null && now - p.healthyAt >= backoff.resetAfterMs) p.crashes = 0;
    p.crashes += 1;
    p.restarts += 1;
    const delay = Math.max(backoffDelay(p.crashes, backoff), held);
    p.state = 'backoff';
    const why = held > 0 ? ' (held down on request)' : '';
    log('supervisor', `${p.spec.name} exited (${reason}); restart ${p.restarts} in ${delay} ms${why}`);
    p.timer = setTimeout(() => {
      p.timer = null;
      void relaunch(p, now);
    }, delay);
  };

  /** @param {Proc} p @returns {Promise<void>} */
  const spawnChild = (p) => {
    const s = p.spec;
    // Own process group, so stopping kills the whole tree (npm → sh → node in dev mode).
    const child = spawn(s.command, s.args, {
      cwd: s.cwd,
      env: s.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    p.child = child;
    p.state = 'starting';
    p.startedAt = Date.now();
    p.healthyAt = null;
    let exited = false;
    const exit = (/** @type {number | null} */ code, /** @type {string | null} */ signal) => {
      if (exited) return;
      exited = true;
      onExit(p, child, code, signal);
    };
    child.on('exit', exit);
    // A command that cannot be spawned emits 'error' and maybe no 'exit': treat it as an exit all the same.
    child.on('error', (err) => {
      log(s.name, `spawn failed: ${err.message}`);
      if (child.pid === undefined) exit(null, null);
    });
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => log(s.name, line));
    }
    p.ready = waitForHealthy(s.health, timeout, () => !exited).then(() => {
      if (p.child !== child) return;
      p.state = 'running';
      p.healthyAt = Date.now();
    });
    return p.ready;
  };

  /** A restart runs in the background: nothing waits for it. @param {Proc} p @param {number} exitedAt */
  const relaunch = async (p, exitedAt) => {
    const t0 = Date.now();
    const ready = spawnChild(p);
    const child = p.child;
    try {
      await ready;
      const now = Date.now();
      if (p.child !== child) return;
      log(
        'supervisor',
        `${p.spec.name} is back (healthy after ${secs(now - t0)}; down ${secs(now - exitedAt)})`,
      );
    } catch (err) {
      // Exited before answering: its exit already scheduled the next attempt (maybe already running: leave that
      // one alone). Alive but never healthy: kill it, so that its exit schedules the next, longer, wait.
      if (p.child === child && child?.pid !== undefined && p.wanted) {
        log(
          'supervisor',
          `${p.spec.name} is not healthy (${err instanceof Error ? err.message : err}); killing it`,
        );
        signalGroup(child.pid, 'SIGKILL');
      }
    }
  };

  /** @param {string} name */
  const start = (name) => {
    const p = proc(name);
    p.wanted = true;
    if (p.timer) clearTimeout(p.timer);
    p.timer = null;
    if (p.child) return p.ready;
    p.crashes = 0;
    return spawnChild(p);
  };

  /** @param {string} name */
  const stop = async (name) => {
    const p = proc(name);
    p.wanted = false;
    if (p.timer) clearTimeout(p.timer);
    p.timer = null;
    const child = p.child;
    if (!child || child.pid === undefined) {
      p.state = 'stopped';
      return;
    }
    const pid = child.pid;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    signalGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  };

  /** @param {string} name @param {NodeJS.Signals} [signal] @param {{ downForMs?: number }} [opts] */
  const kill = async (name, signal = 'SIGKILL', opts = {}) => {
    const p = proc(name);
    const child = p.child;
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      // Read by the exit handler; a process that is not running is left as it is (no kill, no hold).
      p.holdUntil = opts.downForMs === undefined ? null : Date.now() + opts.downForMs;
      /** @type {NodeJS.Timeout | undefined} */
      let timer;
      const gone = new Promise((resolve) => {
        child.once('exit', resolve);
        timer = setTimeout(resolve, 1000);
      });
      signalGroup(child.pid, signal);
      await gone;
      clearTimeout(timer);
    }
    return statusOf(p);
  };

  return {
    start,
    stop,
    kill,
    status: () => [...procs.values()].map(statusOf),
    stopAll: async () => {
      await Promise.all([...specs].reverse().map((s) => stop(s.name)));
    },
    spec: (name) => proc(name).spec,
  };
}
