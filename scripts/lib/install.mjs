// Installs dependencies when node_modules is missing or older than the lockfile.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT, run, secs } from './run.mjs';

/**
 * Why an install is needed, or null when node_modules is up to date with the lockfile.
 * @returns {string | null}
 */
export function installReason() {
  const lock = path.join(ROOT, 'package-lock.json');
  // npm writes node_modules/.package-lock.json at the end of every successful install.
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return 'node_modules is missing';
  if (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs)
    return 'package-lock.json changed';
  return null;
}

/**
 * Runs `npm ci` (or `npm install` without a lockfile) when needed.
 * @returns {Promise<void>}
 */
export async function ensureInstalled() {
  const reason = installReason();
  if (!reason) return;
  const hasLock = existsSync(path.join(ROOT, 'package-lock.json'));
  const args = hasLock ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  console.log(`» installing dependencies (${reason}): npm ${args[0]}`);
  const started = Date.now();
  const code = await run('npm', args);
  if (code !== 0) throw new Error(`npm ${args[0]} failed with exit code ${code}`);
  console.log(`» installed in ${secs(Date.now() - started)}`);
}
