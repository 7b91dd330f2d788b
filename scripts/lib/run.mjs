// Small process helpers for the repo scripts. Plain Node on purpose: `npm start` must work before any install.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const COLORS = [36, 35, 33, 32, 34, 91, 96, 95];
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;

/**
 * Colours a process-name prefix (stable per name) when stdout is a terminal.
 * @param {string} name
 * @returns {string}
 */
export function prefix(name) {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const label = `[${name}]`.padEnd(18);
  return useColor ? `\u001b[${COLORS[hash % COLORS.length]}m${label}\u001b[0m` : label;
}

/**
 * Runs a command to completion with inherited output; resolves with its exit code.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, quiet?: boolean }} [opts]
 * @returns {Promise<number>}
 */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd ?? ROOT,
      env: opts.env ?? process.env,
      stdio: opts.quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
    });
    child.on('error', () => resolve(127));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/**
 * Newest modification time (ms) of the files under the given paths; node_modules and dist are skipped.
 * @param {string[]} paths
 * @returns {number}
 */
export function newestMtime(paths) {
  let newest = 0;
  /** @param {string} p */
  const walk = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const entry of readdirSync(p)) {
        if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
        walk(path.join(p, entry));
      }
    } else if (st.mtimeMs > newest) {
      newest = st.mtimeMs;
    }
  };
  for (const p of paths) walk(p);
  return newest;
}

/**
 * Formats a duration in ms as seconds with one decimal.
 * @param {number} ms
 * @returns {string}
 */
export function secs(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}
