// `npm run releases -- <remote>`: lists a remote's releases, newest first, the live one marked with `*`.
import { defineCli } from './lib/cli.mjs';
import {
  formatReleases,
  listReleases,
  RELEASE_OPTIONS,
  REMOTES,
  releaseLocations,
  releaseOptionsUsage,
} from './lib/releases.mjs';

const USAGE = `usage: npm run releases -- <${REMOTES.join('|')}> [options]     (node scripts/releases.mjs …)

Lists a remote's releases, newest first, with when each was published and the shared versions it requires; the
live one (the registry's) is marked with *. Reads only.

options
${releaseOptionsUsage({ entryBase: false })}
  -h, --help           this text

example
  npm run releases -- cart`;

const cli = defineCli({ name: 'releases', usage: USAGE, options: RELEASE_OPTIONS, positionals: true });
const { values, positionals } = cli.parse();

/** Prints the table; returns the exit code. */
async function main() {
  const [remote, extra] = positionals;
  if (remote === undefined) return cli.fail(`no remote given (${REMOTES.join(', ')})`);
  if (extra !== undefined) return cli.fail(`unexpected argument "${extra}": releases takes one remote`);
  if (!REMOTES.includes(remote)) return cli.fail(`"${remote}" is not a remote (${REMOTES.join(', ')})`);
  const { dataDir, registryFile } = releaseLocations(values);
  const releases = await listReleases({ remote, dataDir, registryFile });
  if (releases.length === 0) {
    console.log(`${remote} has no releases yet (npm run deploy -- ${remote})`);
    return 0;
  }
  console.log(formatReleases(releases));
  if (!releases.some((r) => r.live)) console.log(`(the live ${remote} is not one of these releases)`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`releases failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
