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

/** How much of a quiet command's output is kept: enough for any compiler's errors, bounded for a runaway one. */
const CAPTURE_LIMIT = 1024 * 1024;

/**
 * Runs a command to completion with stdout and stderr captured together, interleaved as they arrive (the last
 * MiB is kept); resolves with its exit code and that output.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [opts]
 * @returns {Promise<{ code: number, output: string }>}
 */
export function runCaptured(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    let dropped = false;
    /** @param {Buffer} chunk */
    const keep = (chunk) => {
      chunks.push(chunk);
      size += chunk.length;
      while (size - (chunks[0]?.length ?? 0) >= CAPTURE_LIMIT) {
        size -= chunks.shift()?.length ?? 0;
        dropped = true;
      }
    };
    const child = spawn(cmd, args, {
      cwd: opts.cwd ?? ROOT,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (err) => resolve({ code: 127, output: `${cmd}: ${err.message}\n` }));
    // 'close', not 'exit': only then has all the output been read.
    child.on('close', (code, signal) =>
      resolve({
        code: code ?? (signal ? 128 : 1),
        output: `${dropped ? '[earlier output cut]\n' : ''}${Buffer.concat(chunks).toString('utf8')}`,
      }),
    );
  });
}

/**
 * The output of a failed command for a terminal: all of it, or its last `maxLines` lines with a note saying so.
 * @param {string} title what ran, e.g. `npm run build -w shell (exit 2)`
 * @param {string} output
 * @param {number} [maxLines]
 * @returns {string}
 */
export function failureOutput(title, output, maxLines = 80) {
  const lines = output.trimEnd().split(/\r?\n/);
  if (lines.length === 1 && lines[0] === '') return `── ${title}: no output ──`;
  const shown = lines.slice(-maxLines);
  const cut = lines.length - shown.length;
  const note = cut > 0 ? `, its last ${shown.length} lines (${cut} earlier lines cut)` : '';
  return [`── ${title}${note} ──`, ...shown, '──'].join('\n');
}

/**
 * Runs a command whose output matters only when it fails (a build): nothing is shown while it runs or when it
 * succeeds; when it fails, what it said on stdout and stderr is printed on stderr (the last `maxLines` lines).
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, maxLines?: number }} [opts]
 * @returns {Promise<number>} exit code
 */
export async function runQuietly(cmd, args, opts = {}) {
  const { code, output } = await runCaptured(cmd, args, opts);
  if (code !== 0)
    console.error(failureOutput(`${[cmd, ...args].join(' ')} (exit ${code})`, output, opts.maxLines));
  return code;
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
