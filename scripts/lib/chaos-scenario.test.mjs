import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ChaosError } from './chaos-api.mjs';
import {
  faultWindows,
  listScenarios,
  loadScenario,
  SCENARIO_DIR,
  validateScenario,
} from './chaos-scenario.mjs';

const SHIPPED = ['account-flapping', 'cart-slow', 'catalog-outage', 'everything-burns', 'remote-cart-down'];

/** A valid scenario to break one field at a time. */
const good = () => ({
  name: 'tiny',
  description: 'catalog down for 2 s',
  durationMs: 10_000,
  traffic: { ratePerSec: 5, paths: ['/api/catalog/products', 'registry:cart'] },
  steps: [
    { atMs: 1000, action: 'inject', target: 'catalog', type: 'down', durationMs: 2000 },
    {
      atMs: 2000,
      action: 'inject',
      target: 'cart',
      type: 'latency',
      options: { ms: 2500, jitterMs: 100 },
      durationMs: 2000,
    },
    { atMs: 3000, action: 'clear' },
  ],
});

/**
 * A copy of the valid scenario with one field (a dotted JSON path) set to `value`.
 * @param {string} jsonPath e.g. `steps.1.options.ms`
 * @param {unknown} value
 * @returns {unknown}
 */
function withField(jsonPath, value) {
  const copy = JSON.parse(JSON.stringify(good()));
  const keys = jsonPath.split('.');
  const last = keys.pop() ?? '';
  let node = copy;
  for (const key of keys) node = node[key];
  node[last] = value;
  return copy;
}

/**
 * The message of the ChaosError thrown by `fn`.
 * @param {() => unknown} fn
 * @returns {string}
 */
function problemOf(fn) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ChaosError);
    return err instanceof Error ? err.message : '';
  }
  throw new Error('expected a ChaosError');
}

describe('shipped scenarios', () => {
  test('every file in apps/fault-proxy/scenarios is a valid scenario named after its file', () => {
    expect(path.relative(path.join(import.meta.dirname, '..', '..'), SCENARIO_DIR)).toBe(
      path.join('apps', 'fault-proxy', 'scenarios'),
    );
    const all = listScenarios();
    expect(all.map((s) => s.name)).toEqual(SHIPPED);
    for (const { name, scenario, error } of all) {
      expect(error, name).toBeNull();
      expect(scenario?.name).toBe(name);
    }
  });

  test('every shipped fault ends and leaves a recovery tail of at least 8 s', () => {
    for (const name of SHIPPED) {
      const scenario = loadScenario(name);
      const lastEnd = Math.max(...faultWindows(scenario.steps).map((w) => w.endMs));
      expect(scenario.durationMs - lastEnd, name).toBeGreaterThanOrEqual(8000);
    }
  });
});

describe('validateScenario', () => {
  test('accepts a valid scenario (clear without a target clears everything)', () => {
    expect(validateScenario(good(), 'tiny.json').steps).toHaveLength(3);
  });

  test.each([
    ['an unknown target', 'steps.0.target', 'catlog', 'steps[0].target: "catlog" is not a target'],
    ['an unknown fault type', 'steps.0.type', 'explode', 'steps[0].type: "explode" is not a fault type'],
    ['a missing required option', 'steps.1.options', {}, 'steps[1].options.ms: required for "latency"'],
    [
      'an option out of range',
      'steps.1.options.ms',
      99_999,
      'steps[1].options.ms: must be an integer from 0 to 60000',
    ],
    [
      'an option of another type',
      'steps.1.options.percent',
      5,
      'steps[1].options.percent: not an option of "latency"',
    ],
    ['a too short fault', 'steps.0.durationMs', 10, 'steps[0].durationMs: must be an integer from 1000'],
    ['a step after the end', 'steps.2.atMs', 10_000, 'steps[2].atMs: must be an integer from 0 to 9999'],
    ['steps out of order', 'steps.1.atMs', 500, 'steps[1].atMs: steps must be in time order'],
    ['an unknown action', 'steps.2.action', 'restart', 'steps[2].action: must be "inject" or "clear"'],
    ['a clear step with a type', 'steps.2.type', 'down', 'steps[2].type: not allowed in a "clear" step'],
    [
      'a path that is a URL',
      'traffic.paths',
      ['http://example.com/'],
      'traffic.paths[0]: "http://example.com/"',
    ],
    ['no paths', 'traffic.paths', [], 'traffic.paths: must be a non-empty array'],
    ['a zero rate', 'traffic.ratePerSec', 0, 'traffic.ratePerSec: must be a number above 0'],
    ['an unknown field', 'speed', 2, 'speed: unknown field'],
    ['a bad name', 'name', 'Tiny Scenario', 'name: must be a kebab-case string'],
    ['no recovery tail', 'durationMs', 6000, 'leaves 3000 ms; keep a recovery tail of at least 5000 ms'],
    [
      'a fault that never ends',
      'steps.2',
      { atMs: 2500, action: 'inject', target: 'account', type: 'hang' },
      'steps[2]: the fault on "account" outlasts the scenario',
    ],
  ])('rejects %s with a message naming the field', (_, jsonPath, value, message) => {
    expect(problemOf(() => validateScenario(withField(jsonPath, value), 'tiny.json'))).toContain(message);
  });

  test('lists every problem at once, under the file name', () => {
    const message = problemOf(() => validateScenario({ name: 'x', steps: 'no' }, 'broken.json'));
    expect(message).toMatch(/^broken\.json is not a valid scenario:\n/);
    for (const field of ['description:', 'durationMs:', 'traffic:', 'steps:'])
      expect(message).toContain(`- ${field}`);
  });
});

describe('loadScenario', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'chaos-scenarios-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('loads by name from a folder or by path', () => {
    writeFileSync(path.join(dir, 'tiny.json'), JSON.stringify(good()));
    expect(loadScenario('tiny', dir).name).toBe('tiny');
    expect(loadScenario(path.join(dir, 'tiny.json')).name).toBe('tiny');
  });

  test('rejects a file that is not JSON', () => {
    writeFileSync(path.join(dir, 'broken.json'), '{ "name": ');
    expect(problemOf(() => loadScenario('broken', dir))).toMatch(/^broken\.json is not valid JSON: /);
  });

  test('rejects a name that does not match the file', () => {
    writeFileSync(path.join(dir, 'other.json'), JSON.stringify(good()));
    expect(problemOf(() => loadScenario('other', dir))).toContain(
      'name: "tiny" must match the file name ("other")',
    );
  });

  test('an unknown name lists the known scenarios', () => {
    const message = problemOf(() => loadScenario('nope'));
    expect(message).toBe(`no scenario "nope" (known: ${SHIPPED.join(', ')})`);
  });
});
