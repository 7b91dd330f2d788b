// CPU time of a stack's processes over a run, read from /proc (Linux): each process is found by the port it
// listens on (the same way for the current stack and an earlier commit's), its user + system time read from
// /proc/<pid>/stat, the machine's from /proc/stat, and this process's (the load generator) from cpuUsage().
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Clock ticks per second of /proc's times (100 on Linux almost everywhere). */
const TICKS_PER_S = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * Listening sockets of a /proc/net/tcp or tcp6 table: local port and socket inode.
 * @param {string} text
 * @returns {{ port: number, inode: string }[]}
 */
export function parseListening(text) {
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length > 9 && f[3] === '0A')
    .map((f) => ({ port: Number.parseInt(String(f[1]).split(':')[1] ?? '', 16), inode: String(f[9]) }));
}

/**
 * Parent pid and user + system ticks of one /proc/<pid>/stat line (the command name may hold spaces).
 * @param {string} text
 * @returns {{ ppid: number, ticks: number }}
 */
export function parseStat(text) {
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
}

/**
 * @param {string} file
 * @returns {string | null}
 */
function read(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The processes this one started (the stacks' processes are direct children) that listen on the given ports.
 * @param {Record<string, number>} portsByName e.g. { 'bff-1': 41234 }
 * @returns {Record<string, number>} pid by name; a name whose port nobody of ours listens on is left out
 */
export function pidsListeningOn(portsByName) {
  /** @type {Map<string, number>} inode → port */
  const inodes = new Map();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const { port, inode } of parseListening(read(table) ?? '')) inodes.set(inode, port);
  }
  /** @type {Map<number, number>} port → pid */
  const owners = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (!stat || parseStat(stat).ppid !== process.pid) continue;
    /** @type {string[]} */
    let fds = [];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let link = '';
      try {
        link = readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      const port = inodes.get(link.slice(8, -1));
      if (link.startsWith('socket:[') && port !== undefined) owners.set(port, Number(entry));
    }
  }
  /** @type {Record<string, number>} */
  const pids = {};
  for (const [name, port] of Object.entries(portsByName)) {
    const pid = owners.get(port);
    if (pid !== undefined) pids[name] = pid;
  }
  return pids;
}

/**
 * @typedef {object} CpuSnapshot
 * @property {number} atMs              performance.now()
 * @property {Record<string, number>} ticks  per process name
 * @property {{ busy: number, total: number }} machine  ticks of every core
 * @property {number} selfUs            this process: user + system µs
 */

/**
 * Reads every process's CPU time, the machine's and this process's, now.
 * @param {Record<string, number>} pids by name
 * @returns {CpuSnapshot}
 */
export function cpuSnapshot(pids) {
  /** @type {Record<string, number>} */
  const ticks = {};
  for (const [name, pid] of Object.entries(pids)) {
    const stat = read(`/proc/${pid}/stat`);
    if (stat) ticks[name] = parseStat(stat).ticks;
  }
  const cpu = (read('/proc/stat') ?? '').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  // idle and iowait are the time no process ran.
  const busy = total - (cpu[3] ?? 0) - (cpu[4] ?? 0);
  const usage = process.cpuUsage();
  return { atMs: performance.now(), ticks, machine: { busy, total }, selfUs: usage.user + usage.system };
}

/**
 * @typedef {object} CpuUse
 * @property {number} wallMs
 * @property {Record<string, number>} msByProcess  CPU ms of each process over the interval
 * @property {number} loadGeneratorMs  this process's CPU ms (the shoppers and the bench itself)
 * @property {number} machineBusyPct  share of all cores' time spent running anything, 0–100
 */

/**
 * CPU used between two snapshots.
 * @param {CpuSnapshot} a
 * @param {CpuSnapshot} b
 * @returns {CpuUse}
 */
export function cpuBetween(a, b) {
  /** @type {Record<string, number>} */
  const msByProcess = {};
  for (const [name, end] of Object.entries(b.ticks)) {
    const start = a.ticks[name];
    if (start !== undefined) msByProcess[name] = ((end - start) * 1000) / TICKS_PER_S;
  }
  const total = b.machine.total - a.machine.total;
  return {
    wallMs: b.atMs - a.atMs,
    msByProcess,
    loadGeneratorMs: (b.selfUs - a.selfUs) / 1000,
    machineBusyPct: total > 0 ? (100 * (b.machine.busy - a.machine.busy)) / total : Number.NaN,
  };
}
