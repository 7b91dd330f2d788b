#!/usr/bin/env node
// `postinstall` of the root package: runs after every `npm ci` / `npm install`. Checks the native
// better-sqlite3 against the running Node and repairs it when needed (see lib/sqlite-addon.mjs).
import { ensureSafeAddon } from './lib/sqlite-addon.mjs';

try {
  await ensureSafeAddon();
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
