// `npm run rollback -- <remote> [release]`: switches a remote back to an earlier release, without building.
import { defineCli } from './lib/cli.mjs';
import {
  RELEASE_OPTIONS,
  REMOTES,
  releaseLocations,
  releaseOptionsUsage,
  rollback,
} from './lib/releases.mjs';

const USAGE = `usage: npm run rollback -- <${REMOTES.join('|')}> [release] [options]     (node scripts/rollback.mjs …)

Switches a remote back to an earlier release, without building: to the one published before the live one, or to
the release named (see npm run releases). The shell must be able to host it, as for deploy; a refused switch
leaves the live release as it is.

options
${releaseOptionsUsage({ entryBase: true })}
  -h, --help           this text

exit codes: 0 switched, 1 refused or failed, 2 bad usage

example
  npm run rollback -- cart 0.1.0-3fa2c91b0d`;

const cli = defineCli({ name: 'rollback', usage: USAGE, options: RELEASE_OPTIONS, positionals: true });
const { values, positionals } = cli.parse();

/** Runs the rollback; returns the exit code. */
async function main() {
  const [remote, to, extra] = positionals;
  if (remote === undefined) return cli.fail(`no remote given (${REMOTES.join(', ')})`);
  if (extra !== undefined)
    return cli.fail(`unexpected argument "${extra}": rollback takes a remote and a release`);
  if (!REMOTES.includes(remote)) return cli.fail(`"${remote}" is not a remote (${REMOTES.join(', ')})`);
  const { dataDir, registryFile, entryBase } = releaseLocations(values);
  const result = await rollback({ remote, to, dataDir, registryFile, entryBase: entryBase(remote) });
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
