// `npm run deploy -- <remote>`: builds that remote only, publishes it as a release and makes it live if the shell
// can host it. A refused release stays published but the registry is left untouched.
import path from 'node:path';
import { BUILDABLES, buildOne } from './lib/build.mjs';
import { defineCli } from './lib/cli.mjs';
import {
  deployRelease,
  RELEASE_OPTIONS,
  REMOTES,
  releaseLocations,
  releaseOptionsUsage,
} from './lib/releases.mjs';
import { ROOT, secs } from './lib/run.mjs';

const USAGE = `usage: npm run deploy -- <${REMOTES.join('|')}> [options]     (node scripts/deploy.mjs …)

Builds that remote only, publishes the build as an immutable release (<data-dir>/releases/<remote>/<id>/) and
makes it live by switching the remote's registry entry, if the shell can host it: the shell's react, react-dom and
@storefront/router (the router contract) must satisfy the release's requirements. A refused release stays
published; the live one stays.

options
${releaseOptionsUsage({ entryBase: true })}
  -h, --help           this text

exit codes: 0 deployed, 1 build failed or release refused, 2 bad usage

example
  npm run deploy -- cart`;

const cli = defineCli({ name: 'deploy', usage: USAGE, options: RELEASE_OPTIONS, positionals: true });
const { values, positionals } = cli.parse();

/** Runs the deploy; returns the exit code. */
async function main() {
  const started = Date.now();
  const [remote, extra] = positionals;
  if (remote === undefined) return cli.fail(`no remote given (${REMOTES.join(', ')})`);
  if (extra !== undefined) return cli.fail(`unexpected argument "${extra}": deploy takes one remote`);
  const buildable = BUILDABLES.find((b) => b.dir === `remotes/${remote}`);
  if (!REMOTES.includes(remote) || !buildable) {
    return cli.fail(`"${remote}" is not a remote (${REMOTES.join(', ')})`);
  }
  const { dataDir, registryFile, entryBase } = releaseLocations(values);
  console.log(`» building ${remote}`);
  const buildMs = await buildOne(buildable);
  const distDir = path.join(ROOT, buildable.dir, 'dist');
  const result = await deployRelease({
    remote,
    distDir,
    dataDir,
    registryFile,
    entryBase: entryBase(remote),
  });
  const id = result.release?.id ?? '?';
  const published = result.created ? 'published' : 'already published (unchanged build)';
  console.log(`» ${published}: ${id}`);
  const timing = `in ${secs(Date.now() - started)} (built ${secs(buildMs)})`;
  if (!result.ok) {
    console.error(`refused: ${remote} ${id} is not compatible with the shell; the live release is unchanged`);
    for (const p of result.problems) console.error(`  - ${p}`);
    return 1;
  }
  console.log(`deployed ${remote} ${id} ${timing}`);
  if (result.previous && result.previous !== id) console.log(`  previous live release: ${result.previous}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`deploy failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
