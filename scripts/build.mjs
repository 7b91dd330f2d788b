#!/usr/bin/env node
// `npm run build`: rebuild every deployable (`--all`), or only what changed since its last build (no flag).
import { parseArgs } from 'node:util';
import { ensureBuilt } from './lib/build.mjs';
import { ensureInstalled } from './lib/install.mjs';

const { values: flags } = parseArgs({ options: { all: { type: 'boolean', default: false } } });

try {
  await ensureInstalled();
  await ensureBuilt({ all: flags.all });
} catch (err) {
  console.error(`✗ build failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
