#!/usr/bin/env node
// `npm test`: install what is missing (dependencies, nats-server, promtool, the test browser), then lint,
// typecheck, unit and component tests, build, and the end-to-end tests on the real stack in Chromium. Stops at
// the first failure.
import { ensureBrowser } from './lib/browser.mjs';
import { ensureBuilt } from './lib/build.mjs';
import { defineCli } from './lib/cli.mjs';
import { ensureNatsServer, ensurePromtool } from './lib/debian-tools.mjs';
import { ensureInstalled } from './lib/install.mjs';
import { run, secs } from './lib/run.mjs';

const USAGE = `usage: npm test [-- --no-e2e]        (node scripts/test.mjs [--no-e2e])

Everything CI runs: installs what is missing (dependencies, Debian's nats-server for the NATS transport's tests,
Debian's prometheus for promtool, which unit-tests the alert rules, and Debian's chromium for the browser tests),
then lint + format (biome), typecheck (tsc), unit and component tests (vitest), the build and the end-to-end tests
(Playwright, Chromium, on the real stack). Stops at the first failure; prints a summary. Exit code 0 when all
passed, 1 otherwise.

options
  --no-e2e         skip the test browser, the build and the end-to-end tests
  -h, --help       this text

example
  npm test -- --no-e2e`;

const { values: flags } = defineCli({
  name: 'test',
  usage: USAGE,
  options: { 'no-e2e': { type: 'boolean', default: false } },
}).parse();

/** @type {{ name: string, ms: number, ok: boolean }[]} */
const results = [];

/**
 * Runs one step, records its time and stops the whole run when it fails.
 * @param {string} name
 * @param {() => Promise<number | void>} fn resolves with an exit code (0 = passed) or nothing
 */
async function step(name, fn) {
  console.log(`\n━━ ${name}`);
  const started = Date.now();
  let ok = false;
  try {
    const code = await fn();
    ok = code === undefined || code === 0;
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
  }
  results.push({ name, ms: Date.now() - started, ok });
  if (!ok) finish(1);
}

/** @param {number} code */
function finish(code) {
  console.log('\n━━ summary');
  for (const r of results) console.log(`  ${r.ok ? '✓' : '✗'} ${r.name.padEnd(28)} ${secs(r.ms)}`);
  console.log(code === 0 ? '\nall checks passed' : '\nFAILED');
  process.exit(code);
}

const npx = (/** @type {string[]} */ args) => run('npx', ['--no-install', ...args]);

await step('install dependencies', () => ensureInstalled());
// The NATS transport's unit tests run the real server, e2e or not.
await step('install nats-server', () => ensureNatsServer());
// The alert rules' unit tests (scripts/lib/alert-rules.test.mjs) run promtool, e2e or not.
await step('install promtool', () => ensurePromtool());
if (!flags['no-e2e']) await step('install test browser', () => ensureBrowser());
await step('lint + format (biome)', () => npx(['biome', 'ci', '.']));
await step('typecheck (tsc)', () => run('npm', ['run', 'typecheck', '--silent']));
await step('unit + component (vitest)', () => npx(['vitest', 'run']));
if (!flags['no-e2e']) {
  await step('build', () => ensureBuilt());
  await step('e2e (playwright, chromium)', () => run('npm', ['run', 'test', '--silent', '-w', 'e2e']));
}
finish(0);
