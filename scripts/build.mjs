#!/usr/bin/env node
// `npm run build`: rebuild every deployable (`--all`), or only what changed since its last build (no flag).
import { ensureBuilt } from './lib/build.mjs';
import { defineCli } from './lib/cli.mjs';
import { ensureInstalled } from './lib/install.mjs';

const USAGE = `usage: npm run build               (node scripts/build.mjs [--all])

Installs what is missing, then builds the deployables (services, BFF, remotes, shell), two at a time. Builds are
quiet; a failed one prints its compiler's errors and stops the run (exit code 1).

options
  --all            rebuild every deployable (what npm run build passes); without it, only those whose sources
                   changed since their last build
  -h, --help       this text

example
  node scripts/build.mjs           # only what changed`;

const { values: flags } = defineCli({
  name: 'build',
  usage: USAGE,
  options: { all: { type: 'boolean', default: false } },
}).parse();

try {
  await ensureInstalled();
  await ensureBuilt({ all: flags.all });
} catch (err) {
  console.error(`✗ build failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
