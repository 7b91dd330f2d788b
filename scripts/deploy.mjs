// `npm run deploy -- <remote>`: builds that remote only, publishes it as a release and makes it live if the shell
// can host it. A refused release stays published but the registry is left untouched.
import path from 'node:path';
import { BUILDABLES, buildOne } from './lib/build.mjs';
import { deployRelease, parseReleaseArgs, REMOTES } from './lib/releases.mjs';
import { ROOT, secs } from './lib/run.mjs';

const USAGE = `usage: deploy <${REMOTES.join('|')}> [--data-dir DIR] [--registry FILE] [--entry-base URL]`;

/** Runs the deploy; returns the exit code. */
async function main() {
  const started = Date.now();
  const args = parseReleaseArgs(process.argv.slice(2));
  const [remote, extra] = args.positional;
  const buildable = BUILDABLES.find((b) => b.dir === `remotes/${remote}`);
  if (!remote || extra !== undefined || !buildable) {
    console.error(USAGE);
    return 2;
  }
  console.log(`» building ${remote}`);
  const buildMs = await buildOne(buildable);
  const distDir = path.join(ROOT, buildable.dir, 'dist');
  const result = await deployRelease({
    remote,
    distDir,
    dataDir: args.dataDir,
    registryFile: args.registryFile,
    entryBase: args.entryBase(remote),
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
