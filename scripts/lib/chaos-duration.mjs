// Durations for the chaos CLI: `--for 30s`, `--ms 2500`, `--up 2s`, how reports print them, and waiting for a time.

import { performance } from 'node:perf_hooks';

const UNIT_MS = /** @type {const} */ ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 });
const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/;

/**
 * Parses a duration with a unit (`500ms`, `30s`, `1.5s`, `2m`, `1h`) into whole milliseconds.
 * @param {string} text
 * @returns {number}
 */
export function parseDuration(text) {
  const match = DURATION.exec(text.trim().toLowerCase());
  if (!match) throw new RangeError(`"${text}" is not a duration (use e.g. 500ms, 30s, 2m)`);
  const value = Number(match[1]) * UNIT_MS[/** @type {keyof typeof UNIT_MS} */ (match[2])];
  return Math.round(value);
}

/**
 * Parses milliseconds given either as a bare integer (`2500`) or as a duration (`2.5s`).
 * @param {string} text
 * @returns {number}
 */
export function parseMs(text) {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  return parseDuration(trimmed);
}

/**
 * Formats milliseconds for humans: `850ms`, `12.4s`, `3m 05s`.
 * @param {number} ms
 * @returns {string}
 */
export function formatMs(ms) {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const total = Math.round(ms / 1000);
  return `${Math.floor(total / 60)}m ${String(total % 60).padStart(2, '0')}s`;
}

/**
 * A bound for messages, in the largest unit that divides it: `500ms`, `1s`, `90s`, `1h`.
 * @param {number} ms
 * @returns {string}
 */
export function formatBound(ms) {
  for (const [unit, size] of /** @type {[string, number][]} */ ([
    ['h', UNIT_MS.h],
    ['m', UNIT_MS.m],
    ['s', UNIT_MS.s],
  ])) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/**
 * Resolves when `deadline` (a performance.now() time) is reached or the signal aborts.
 * @param {number} deadline
 * @param {AbortSignal} signal
 * @returns {Promise<void>}
 */
export function sleepUntil(deadline, signal) {
  return new Promise((resolve) => {
    const wait = deadline - performance.now();
    if (signal.aborted || wait <= 0) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, wait);
    signal.addEventListener('abort', done);
  });
}
