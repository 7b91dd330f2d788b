// 6. Delivery: shipping one remote (build it, publish a release, switch the registry) vs rebuilding everything.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { run } from '../../scripts/lib/run.mjs';
import { TMP } from '../lib/stacks.mjs';
import { atMost, ratio, round } from '../lib/stats.mjs';

/**
 * Runs a repo command (its errors on our stderr), timing it; throws when it fails.
 * @param {string[]} args node arguments
 * @returns {Promise<{ ms: number }>}
 */
async function timed(args) {
  const started = performance.now();
  const code = await run(process.execPath, args, { quiet: true });
  if (code !== 0) throw new Error(`node ${args.join(' ')} failed (exit ${code})`);
  return { ms: performance.now() - started };
}

/**
 * @param {{ remote: string, monolithBuildMs: number | null }} opts
 * @returns {Promise<import('../lib/report-types.mjs').SectionResult>}
 */
export async function delivery({ remote, monolithBuildMs }) {
  // A private data folder: the shopper-facing registry in .data is never touched by a benchmark.
  const dataDir = path.join(TMP, `delivery-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const registryFile = path.join(dataDir, 'registry.json');
  let deploy;
  let rebuild;
  let registry;
  try {
    deploy = await timed([
      'scripts/deploy.mjs',
      remote,
      '--data-dir',
      dataDir,
      '--registry',
      registryFile,
      '--entry-base',
      'http://localhost:3002',
    ]);
    registry = JSON.parse(readFileSync(registryFile, 'utf8'));
    if (!registry?.remotes?.[remote]?.release) throw new Error(`deploy left no live ${remote} release`);
    rebuild = await timed(['scripts/build.mjs', '--all']);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const rows = [
    {
      measure: `deploy ${remote} (build + publish + registry switch)`,
      value: round(deploy.ms / 1000),
      unit: 's',
    },
    { measure: 'rebuild every deployable (npm run build)', value: round(rebuild.ms / 1000), unit: 's' },
    {
      measure: 'rebuild everything ÷ deploy one remote',
      value: round(ratio(rebuild.ms, deploy.ms)),
      unit: '×',
    },
  ];
  if (monolithBuildMs !== null) {
    rows.push({
      measure: 'monolith build (one bundle, all remotes)',
      value: round(monolithBuildMs / 1000),
      unit: 's',
    });
  }
  return {
    id: 'delivery',
    title: `6. Delivery — one remote (${remote}) vs everything`,
    rows,
    budgets: [atMost(`deploy one remote (${remote})`, deploy.ms / 1000, 20, 's')],
    details: {
      deployMs: Math.round(deploy.ms),
      rebuildAllMs: Math.round(rebuild.ms),
      monolithBuildMs,
      release: registry.remotes[remote].release,
    },
    notes: [
      'Builds run two at a time (two cores); a monolith would have to rebuild and re-test all of it for any change.',
    ],
  };
}
