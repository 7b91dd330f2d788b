// `npm run releases -- <remote>`: lists a remote's releases, newest first, the live one marked with `*`.
import { formatReleases, listReleases, parseReleaseArgs, REMOTES } from './lib/releases.mjs';

const USAGE = `usage: releases <${REMOTES.join('|')}> [--data-dir DIR] [--registry FILE]`;

/** Prints the table; returns the exit code. */
async function main() {
  const args = parseReleaseArgs(process.argv.slice(2));
  const [remote, extra] = args.positional;
  if (!remote || extra !== undefined || !REMOTES.includes(remote)) {
    console.error(USAGE);
    return 2;
  }
  const releases = await listReleases({ remote, dataDir: args.dataDir, registryFile: args.registryFile });
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
