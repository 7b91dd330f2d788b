// `npm run rollback -- <remote> [release]`: switches a remote back to an earlier release, without building.
import { parseReleaseArgs, REMOTES, rollback } from './lib/releases.mjs';

const USAGE = `usage: rollback <${REMOTES.join('|')}> [release] [--data-dir DIR] [--registry FILE] [--entry-base URL]`;

/** Runs the rollback; returns the exit code. */
async function main() {
  const args = parseReleaseArgs(process.argv.slice(2));
  const [remote, to, extra] = args.positional;
  if (!remote || extra !== undefined || !REMOTES.includes(remote)) {
    console.error(USAGE);
    return 2;
  }
  const result = await rollback({
    remote,
    to,
    dataDir: args.dataDir,
    registryFile: args.registryFile,
    entryBase: args.entryBase(remote),
  });
  if (!result.ok) {
    console.error(`refused: ${remote} stays on its live release`);
    for (const p of result.problems) console.error(`  - ${p}`);
    return 1;
  }
  const from = result.previous ? ` (was ${result.previous})` : '';
  console.log(`rolled back ${remote} to ${result.release.id}${from}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`rollback failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
