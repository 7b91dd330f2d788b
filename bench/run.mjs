#!/usr/bin/env node
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
// `npm run bench`: what federation, the BFF, the breakers, durable checkout and the checkout modes cost, side by
// side in one run.
// Prints a table, writes bench/results.json and refreshes the figures in docs/benchmarks.md. Budgets are reported
// as PASS/MISS, never as a failed run; the exit code is 1 only when a section could not run.
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { ensureBrowser } from '../scripts/lib/browser.mjs';
import { ensureBuilt, STATS_FILE } from '../scripts/lib/build.mjs';
import { defineCli } from '../scripts/lib/cli.mjs';
import { ensureInstalled } from '../scripts/lib/install.mjs';
import { ROOT, runQuietly, secs } from '../scripts/lib/run.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { mergeReport, renderTable, writeReport } from './lib/report.mjs';
import { startBenchStack, startShellHost, stopAllStacks } from './lib/stacks.mjs';
import { MONOLITH_DIST, MONOLITH_STATS } from './monolith/paths.mjs';
import { bffCost } from './sections/bff-cost.mjs';
import { breakerKinds } from './sections/breaker-kinds.mjs';
import { bulkhead } from './sections/bulkhead.mjs';
import { checkoutDurability } from './sections/checkout-durability.mjs';
import { checkoutModes } from './sections/checkout-modes.mjs';
import { degradeRecover } from './sections/degrade-recover.mjs';
import { delivery } from './sections/delivery.mjs';
import { earlyData } from './sections/early-data.mjs';
import { failFast } from './sections/fail-fast.mjs';
import { federationVsMonolith } from './sections/federation.mjs';

const SECTION_IDS = [
  'bff-cost',
  'fail-fast',
  'degrade-recover',
  'bulkhead',
  'federation',
  'delivery',
  'checkout-durability',
  'checkout-modes',
  'breaker-kinds',
  'early-data',
];

const USAGE = `usage: npm run bench [-- options]        (node bench/run.mjs [options])

What federation, the BFF, the breakers, durable checkout and the checkout modes cost, measured side by side
(~19 min on 2 cores).
Installs what is missing, builds what is stale, starts its own stacks on free ports with temporary data (it can
run next to npm start) and prints a table; a full run also writes bench/results.json and the figures in
docs/benchmarks.md. Section 7 compares with an earlier commit (BENCH_BASELINE_REF, default 4839d0f), installed
and built once into bench/tmp/baseline-<commit>/ (~2.5 min the first time).
Budgets are reported as PASS/MISS; the exit code is 1 only when a section could not run.

options
  --only LIST      some sections, by number or id, comma-separated; writes nothing. Sections:
                   ${SECTION_IDS.map((id, i) => `${i + 1} ${id}`).join(', ')}
  --merge          with --only: writes those sections into bench/results.json and docs/benchmarks.md, in place
                   of their earlier figures, each noting its own date; the other sections stay as they were
  --quick          shorter loads, fewer page loads: for trying the harness, not for figures; writes nothing
  --no-write       a full run that leaves results.json and docs/benchmarks.md as they are
  -h, --help       this text

example
  npm run bench -- --only 1,fail-fast`;

const cli = defineCli({
  name: 'bench',
  usage: USAGE,
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    merge: { type: 'boolean', default: false },
  },
});
const { values: flags } = cli.parse();

/** @param {string | undefined} only e.g. "1,fail-fast" */
function selected(only) {
  if (!only) return new Set(SECTION_IDS);
  const picked = new Set();
  for (const item of only.split(',').map((s) => s.trim())) {
    const id = /^\d+$/.test(item) ? SECTION_IDS[Number(item) - 1] : item;
    if (!id || !SECTION_IDS.includes(id))
      cli.fail(`--only: unknown section "${item}" (${SECTION_IDS.join(', ')})`);
    picked.add(id);
  }
  return picked;
}

// --quick is for trying the harness, not for figures: shorter loads, fewer page loads.
const T = flags.quick
  ? {
      durationS: 3,
      warmupS: 1,
      hangS: 6,
      cycles: 1,
      loads: 2,
      abLoads: 2,
      lighthouseRuns: 1,
      checkoutS: 3,
      checkoutWarmupS: 1,
      downS: 3,
    }
  : {
      durationS: 10,
      warmupS: 3,
      hangS: 12,
      cycles: 3,
      loads: 5,
      // Section 10 compares two variants of one page whose LCP moves ±15 % between loads: more of them.
      abLoads: 12,
      lighthouseRuns: 3,
      checkoutS: 15,
      checkoutWarmupS: 5,
      downS: 5,
    };
// Section 9: shoppers per second, the breaker's window filled before the fault, and the fault's length.
const KINDS = flags.quick
  ? { ratePerS: 10, warmupS: 2, faultS: 6 }
  : { ratePerS: 20, warmupS: 10, faultS: 30 };

if (flags.merge && !flags.only) cli.fail('--merge goes with --only (a full run writes every section anyway)');
const want = selected(flags.only);
const started = Date.now();
/** @type {import('./lib/report-types.mjs').SectionResult[]} */
const sections = [];
/** @type {{ id: string, error: string }[]} */
const failed = [];

/**
 * Runs one section; a failure is recorded and the run goes on with the next.
 * @param {string} id
 * @param {() => Promise<import('./lib/report-types.mjs').SectionResult>} fn
 */
async function section(id, fn) {
  if (!want.has(id)) return;
  const t = Date.now();
  console.log(`» ${id} …`);
  try {
    sections.push(await fn());
    console.log(`  done in ${secs(Date.now() - t)}`);
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    failed.push({ id, error });
    console.error(`  ✗ ${id}: ${error}`);
  }
}

let stopping = false;
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n» ${signal}: stopping every process the benchmark started`);
    void stopAllStacks().then(() => process.exit(130));
  });
}

/** @returns {string} */
function gitCommit() {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT }).toString().trim() !== '';
    return dirty ? `${sha}+changes` : sha;
  } catch {
    return 'unknown';
  }
}

try {
  await ensureInstalled();
  await ensureBrowser();
  await ensureBuilt();
  /** @type {number | null} */
  let monolithBuildMs = null;
  if (want.has('federation') || want.has('delivery')) {
    console.log('» building the monolith (npm run build:monolith -w bench)');
    const t = performance.now();
    const code = await runQuietly('npm', ['run', 'build:monolith', '--silent', '-w', 'bench']);
    if (code !== 0) throw new Error(`the monolith build failed (exit ${code})`);
    monolithBuildMs = Math.round(performance.now() - t);
  }

  // Stack without the fault proxy: the BFF's own cost and the page loads, with no extra hop in the way.
  if (want.has('bff-cost') || want.has('federation')) {
    console.log('» starting a stack (no fault proxy)');
    const plain = await startBenchStack({ name: 'plain', demo: false });
    try {
      await section('bff-cost', () =>
        bffCost({ stack: plain, connections: 10, durationS: T.durationS, warmupS: T.warmupS }),
      );
      await section('federation', async () => {
        const bff = plain.url('bff-1');
        const list = /** @type {{ items: { slug: string }[] }} */ (
          await (await fetch(`${bff}/api/catalog/products`)).json()
        );
        const productSlug = list.items[0]?.slug;
        if (!productSlug) throw new Error('the catalog has no products');
        const mono = await startShellHost({
          name: 'shell-monolith',
          root: MONOLITH_DIST,
          bffUrl: bff,
        });
        const browser = await launchBrowser();
        try {
          // Each build's webpack stats (left beside its dist by the build) say what its files are made of.
          const statsOf = (/** @type {string} */ dir) => path.join(ROOT, dir, STATS_FILE);
          return await federationVsMonolith({
            browser,
            federatedUrl: plain.url('shell'),
            monolithUrl: mono.url,
            productSlug,
            loads: T.loads,
            lighthouseRuns: T.lighthouseRuns,
            federatedBuilds: [
              { origin: plain.url('shell'), statsFile: statsOf('shell'), role: 'shell' },
              ...['catalog', 'cart', 'account'].map((name) => ({
                origin: plain.url(`${name}-remote`),
                statsFile: statsOf(`remotes/${name}`),
                role: /** @type {const} */ ('remote'),
              })),
            ],
            monolithBuild: { origin: mono.url, statsFile: MONOLITH_STATS, role: 'monolith' },
          });
        } finally {
          await browser.close();
          await mono.stop();
        }
      });
    } finally {
      await plain.stop();
    }
  }

  // Early data: a demo-mode stack (the fault proxy adds latency to the catalog), its fresh window off so every page
  // load reaches the catalog.
  if (want.has('early-data')) {
    console.log('» starting a stack for early data (fault proxy, fresh window off)');
    const stack = await startBenchStack({
      name: 'early-data',
      demo: true,
      env: { BFF_CATALOG_FRESH_MS: '0' },
    });
    try {
      await section('early-data', async () => {
        const list = /** @type {{ items: { slug: string }[] }} */ (
          await (await fetch(`${stack.url('bff-1')}/api/catalog/products`)).json()
        );
        const productSlug = list.items[0]?.slug;
        if (!productSlug) throw new Error('the catalog has no products');
        const browser = await launchBrowser();
        try {
          return await earlyData({ stack, browser, productSlug, loads: T.abLoads, latencyMs: 150 });
        } finally {
          await browser.close();
        }
      });
    } finally {
      await stack.stop();
    }
  }

  // Demo-mode stacks (fault proxy): one with the default policy, one with the catalog breaker off. Both with the
  // consecutive kind on the catalog: a threshold of 0 turns only that kind off, and section 2's hung calls, shared
  // by identical requests, are too few (3 per 4.8 s) for the sampling kind's 10 calls in 10 s (section 9).
  const needBreaker = want.has('fail-fast') || want.has('degrade-recover');
  const needNoBreaker = want.has('fail-fast') || want.has('bulkhead');
  if (needBreaker || needNoBreaker) console.log('» starting demo-mode stacks (fault proxy)');
  const consecutive = { BFF_CATALOG_BREAKER_KIND: 'consecutive' };
  const withBreaker = needBreaker
    ? await startBenchStack({ name: 'breaker', demo: true, env: consecutive })
    : null;
  const withoutBreaker = needNoBreaker
    ? await startBenchStack({
        name: 'no-breaker',
        demo: true,
        env: { ...consecutive, BFF_CATALOG_BREAKER_THRESHOLD: '0' },
      })
    : null;
  try {
    if (withBreaker && withoutBreaker) {
      await section('fail-fast', () =>
        failFast({
          withBreaker,
          withoutBreaker,
          connections: 10,
          durationS: T.durationS,
          warmupS: T.warmupS,
          hangDurationS: T.hangS,
        }),
      );
    }
    if (withBreaker) {
      await section('degrade-recover', () => degradeRecover({ stack: withBreaker, cycles: T.cycles }));
      await withBreaker.stop();
    }
    if (withoutBreaker) {
      await section('bulkhead', () =>
        bulkhead({ stack: withoutBreaker, connections: 5, durationS: T.durationS, catalogConnections: 30 }),
      );
    }
  } finally {
    await stopAllStacks();
  }

  // Its own three stacks, running at once: an earlier commit's (built once into bench/tmp/) and two current ones.
  await section('checkout-durability', () =>
    checkoutDurability({ shoppers: 8, durationS: T.checkoutS, warmupS: T.checkoutWarmupS }),
  );

  // Its own three stacks too: the cart service in each checkout mode, then the catalog stopped under each.
  await section('checkout-modes', () =>
    checkoutModes({ shoppers: 8, durationS: T.checkoutS, warmupS: T.checkoutWarmupS, downS: T.downS }),
  );

  // Its own stacks, one scenario's side by side: each scenario with each breaker on the faulty upstream.
  await section('breaker-kinds', () => breakerKinds(KINDS));

  // Last: it rebuilds every deployable, which must not happen under a running stack.
  await section('delivery', () => delivery({ remote: 'cart', monolithBuildMs }));
} catch (err) {
  failed.push({ id: 'setup', error: err instanceof Error ? err.message : String(err) });
} finally {
  await stopAllStacks();
}

const cpu = cpus();
/** @type {import('./lib/report.mjs').RunReport} */
const report = {
  startedAt: new Date(started).toISOString(),
  durationS: Math.round((Date.now() - started) / 1000),
  machine: {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    commit: gitCommit(),
    quick: flags.quick,
  },
  // In section order, whatever order they ran in (stacks are shared between sections).
  sections: sections.sort((a, b) => SECTION_IDS.indexOf(a.id) - SECTION_IDS.indexOf(b.id)),
  failed,
};
console.log(renderTable(report));
const files = {
  resultsFile: path.join(ROOT, 'bench', 'results.json'),
  docsFile: path.join(ROOT, 'docs', 'benchmarks.md'),
};
if (!flags['no-write'] && !flags.quick && !flags.only) {
  writeReport(report, files);
  console.log('\n» wrote bench/results.json and the figures in docs/benchmarks.md');
} else if (flags.merge && !flags['no-write'] && !flags.quick && report.sections.length > 0) {
  /** @type {import('./lib/report.mjs').RunReport} */
  const previous = JSON.parse(readFileSync(files.resultsFile, 'utf8'));
  writeReport(mergeReport(previous, report, SECTION_IDS), files);
  console.log(
    `\n» merged ${report.sections.map((s) => s.id).join(', ')} into bench/results.json and docs/benchmarks.md`,
  );
} else {
  console.log('\n» partial or quick run: bench/results.json and docs/benchmarks.md left as they were');
}
process.exit(failed.length > 0 ? 1 : 0);
