// The supervisor half of the chaos tests' fake storefront: the processes of `npm start` with their restarts, and
// a kill that restarts one at once (a new pid, one more restart, the SIGKILL as its last exit); one held down
// (`downForMs`) is only said to be, to the rest of the fake (onKill).

/** @typedef {import('@storefront/contract').ProcessStatus} ProcessStatus */

const NAMES = [
  'catalog-service',
  'cart-service',
  'account-service',
  'fault-proxy',
  'bff-1',
  'bff-2',
  'shell',
];

/**
 * @param {{ onKill?: (name: string, downForMs?: number) => void }} [opts] onKill: what a kill does to the rest of
 *   the fake
 */
export function createFakeProcesses(opts = {}) {
  let nextPid = 1000;
  const started = new Date().toISOString();
  /** @type {ProcessStatus[]} */
  const processes = NAMES.map((name, i) => ({
    name,
    pid: nextPid + i,
    state: 'running',
    url: `http://127.0.0.1:${4000 + i}`,
    restarts: 0,
    startedAt: started,
    lastExit: null,
  }));
  nextPid += NAMES.length;
  /** @type {string[]} */
  const killed = [];
  return {
    killed,
    list: () => processes.map((p) => ({ ...p })),
    /**
     * Kills and restarts one process; null when there is none of that name.
     * @param {string} name
     * @param {number} [downForMs]
     * @returns {ProcessStatus | null}
     */
    kill(name, downForMs) {
      const p = processes.find((x) => x.name === name);
      if (!p) return null;
      killed.push(name);
      const at = new Date().toISOString();
      p.lastExit = { code: null, signal: 'SIGKILL', at };
      p.restarts += 1;
      p.pid = nextPid;
      nextPid += 1;
      p.state = 'starting';
      p.startedAt = at;
      opts.onKill?.(name, downForMs);
      return { ...p };
    },
  };
}
