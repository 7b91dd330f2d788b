// The Prometheus alert rules (observability/prometheus) checked and unit-tested by the real promtool, which
// `npm test` installs from Debian's prometheus package (scripts/lib/debian-tools.mjs, ensurePromtool).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { PROMTOOL } from './debian-tools.mjs';
import { processMetrics } from './supervisor-metrics.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RULES_DIR = path.join(ROOT, 'observability/prometheus');
const RULES = path.join(RULES_DIR, 'alerts.yml');
const RULE_TESTS = path.join(RULES_DIR, 'alerts.test.yml');
const BFF_PLUGINS = path.join(ROOT, 'apps/bff/src/plugins');

/**
 * Runs promtool; resolves with its exit code and everything it printed (the failure message of a test).
 * @param {string[]} args
 * @param {{ cwd?: string, input?: string }} [opts]
 * @returns {Promise<{ code: number | null, output: string }>}
 */
function promtool(args, { cwd = RULES_DIR, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(PROMTOOL, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(input ?? '');
  });
}

/** @type {string[]} */
const tempDirs = [];
afterEach(async () => {
  for (const dir of tempDirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('alert rules (promtool)', () => {
  beforeAll(() => {
    if (!existsSync(PROMTOOL)) {
      throw new Error(
        `promtool is missing (${PROMTOOL}): \`npm test\` installs it (Debian's prometheus package); ` +
          'or install it by hand, or set PROMTOOL_PATH',
      );
    }
  });

  test('promtool check rules accepts alerts.yml', async () => {
    const { code, output } = await promtool(['check', 'rules', RULES]);
    expect(code, output).toBe(0);
  });

  test('promtool test rules passes alerts.test.yml', async () => {
    const { code, output } = await promtool(['test', 'rules', RULE_TESTS]);
    expect(code, output).toBe(0);
  });

  test('the unit tests catch a changed threshold (BreakerOpen firing after 10 s instead of 30 s)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'alert-rules-'));
    tempDirs.push(dir);
    const rules = await readFile(RULES, 'utf8');
    const doctored = rules.replace(/(alert: BreakerOpen\n(?:.*\n)*?\s+for: )30s/, '$110s');
    expect(doctored).not.toBe(rules);
    await writeFile(path.join(dir, 'alerts.yml'), doctored);
    await copyFile(RULE_TESTS, path.join(dir, 'alerts.test.yml'));
    const { code, output } = await promtool(['test', 'rules', 'alerts.test.yml'], { cwd: dir });
    expect(code, output).not.toBe(0);
    expect(output).toContain('alertname: BreakerOpen');
  });

  test("the supervisor's /metrics is valid Prometheus text format (promtool check metrics)", async () => {
    const text = processMetrics([
      { name: 'bff-1', pid: 1, state: 'running', url: '', restarts: 2, startedAt: null, lastExit: null },
      {
        name: 'cart-service',
        pid: null,
        state: 'backoff',
        url: '',
        restarts: 0,
        startedAt: null,
        lastExit: null,
      },
    ]);
    const { code, output } = await promtool(['check', 'metrics'], { input: text });
    expect(code, output).toBe(0);
  });
});

describe('alert rules read only metrics that exist', () => {
  test('every bff_* metric is created in the BFF, every storefront_* by the supervisor', async () => {
    const rules = await readFile(RULES, 'utf8');
    const exprs = [...rules.matchAll(/^\s+expr: (?:>-\n)?((?:.*\n)*?)\s+(?:for|labels):/gm)].map((m) => m[1]);
    expect(exprs).toHaveLength(5);
    const names = new Set(exprs.flatMap((e) => e?.match(/\b(?:bff|storefront)_[a-z_]+\b/g) ?? []));
    expect(names.size).toBeGreaterThan(0);
    // The BFF's names as its plugins declare them (`name: '…'`): a rename there must fail here, not leave an
    // alert that never fires.
    const sources = (await readdir(BFF_PLUGINS)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const bff = (await Promise.all(sources.map((f) => readFile(path.join(BFF_PLUGINS, f), 'utf8')))).join(
      '\n',
    );
    const supervisor = processMetrics([
      { name: 'p', pid: null, state: 'stopped', url: '', restarts: 0, startedAt: null, lastExit: null },
    ]);
    const missing = [...names].filter((name) =>
      name.startsWith('bff_') ? !bff.includes(`name: '${name}'`) : !supervisor.includes(`\n${name}{`),
    );
    expect(missing).toEqual([]);
  });
});
