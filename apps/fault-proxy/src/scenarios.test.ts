import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '@storefront/service-kit';
import { describe, expect, it } from 'vitest';
import { faultWindows } from './scenario-timeline.js';
import { defaultScenariosDir, describeScenario, loadScenarios, validateScenario } from './scenarios.js';

const ALL_TARGETS = ['catalog', 'cart', 'account', 'remote-catalog', 'remote-cart', 'remote-account'];

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

/** A copy of the valid scenario with one field (a dotted JSON path) set to `value`. */
function withField(jsonPath: string, value: unknown): unknown {
  const copy: unknown = JSON.parse(JSON.stringify(good()));
  const keys = jsonPath.split('.');
  const last = keys.pop() ?? '';
  let node = copy as Record<string, unknown>;
  for (const key of keys) node = node[key] as Record<string, unknown>;
  node[last] = value;
  return copy;
}

describe('validateScenario', () => {
  it('accepts a valid scenario; a clear step without a target clears everything', () => {
    const scenario = validateScenario(good(), 'tiny.json', ALL_TARGETS);
    expect(scenario.steps).toHaveLength(3);
    expect(scenario.steps[2]).toEqual({ atMs: 3000, action: 'clear', target: null });
    expect(scenario.traffic).toEqual({ ratePerSec: 5, paths: ['/api/catalog/products', 'registry:cart'] });
  });

  it('accepts kill steps and checkout traffic, filling in its defaults', () => {
    const scenario = validateScenario(
      {
        ...good(),
        traffic: { kind: 'checkout', shoppers: 6 },
        steps: [...good().steps, { atMs: 4000, action: 'kill', process: 'bff-1' }],
      },
      'tiny.json',
      ALL_TARGETS,
    );
    expect(scenario.traffic).toEqual({ kind: 'checkout', shoppers: 6, pauseMs: 1000, graceMs: 20_000 });
    expect(scenario.steps[3]).toEqual({ atMs: 4000, action: 'kill', process: 'bff-1' });
    // A kill is not a fault: it needs no clear step, only the recovery tail after it.
    expect(faultWindows(scenario.steps)).toHaveLength(2);
    expect(describeScenario(scenario).traffic).toEqual(scenario.traffic);
    expect(scenario.checkoutMode).toBeNull();
    expect(describeScenario(scenario)).not.toHaveProperty('checkoutMode');
    // Path traffic may name its kind; it is listed in its first form.
    const paths = validateScenario(withField('traffic.kind', 'paths'), 'tiny.json', ALL_TARGETS);
    expect(describeScenario(paths).traffic).toEqual({
      ratePerSec: 5,
      paths: ['/api/catalog/products', 'registry:cart'],
    });
  });

  it('accepts a kill held down for a while (the tail counts from the restart) and a checkout mode', () => {
    const scenario = validateScenario(
      {
        ...good(),
        durationMs: 20_000,
        checkoutMode: 'choreographed',
        traffic: { kind: 'checkout', shoppers: 2 },
        steps: [{ atMs: 2000, action: 'kill', process: 'catalog-service', downForMs: 13_000 }],
      },
      'tiny.json',
      ALL_TARGETS,
    );
    expect(scenario.steps).toEqual([
      { atMs: 2000, action: 'kill', process: 'catalog-service', downForMs: 13_000 },
    ]);
    expect(scenario.checkoutMode).toBe('choreographed');
    expect(describeScenario(scenario)).toMatchObject({
      checkoutMode: 'choreographed',
      steps: [{ atMs: 2000, action: 'kill', process: 'catalog-service', downForMs: 13_000 }],
    });
  });

  it.each([
    ['an unknown target', 'steps.0.target', 'catlog', 'steps[0].target: "catlog" is not a configured target'],
    ['an unknown fault type', 'steps.0.type', 'explode', 'steps[0]: Invalid fault: type must be one of'],
    ['a missing required option', 'steps.1.options', {}, 'steps[1]: Invalid fault: options.ms is required'],
    ['an option out of range', 'steps.1.options.ms', 99_999, 'options.ms must be an integer from 0 to 60000'],
    ['an option of another type', 'steps.1.options.percent', 5, 'unknown latency option "percent"'],
    ['a too short fault', 'steps.0.durationMs', 10, 'durationMs must be an integer from 1000'],
    ['a step after the end', 'steps.2.atMs', 10_000, 'steps[2].atMs: must be an integer from 0 to 9999'],
    ['steps out of order', 'steps.1.atMs', 500, 'steps[1].atMs: steps must be in time order'],
    [
      'an unknown action',
      'steps.2.action',
      'restart',
      'steps[2].action: must be "inject", "clear" or "kill"',
    ],
    [
      'a kill step without a process',
      'steps.2',
      { atMs: 3000, action: 'kill' },
      'steps[2].process: must be a process name such as "bff-1"',
    ],
    [
      'a kill step with a bad process name',
      'steps.2',
      { atMs: 3000, action: 'kill', process: 'BFF 1' },
      'steps[2].process: must be a process name',
    ],
    [
      'a kill step with a target',
      'steps.2',
      { atMs: 3000, action: 'kill', process: 'bff-1', target: 'cart' },
      'steps[2].target: not allowed in a "kill" step',
    ],
    [
      'a kill too close to the end',
      'steps.2',
      { atMs: 6000, action: 'kill', process: 'bff-1' },
      'steps[2]: the last kill, at 6000 ms, leaves 4000 ms; keep a recovery tail of at least 5000 ms',
    ],
    [
      'a kill held down too close to the end',
      'steps.2',
      { atMs: 3000, action: 'kill', process: 'catalog-service', downForMs: 3000 },
      'steps[2]: the last kill, at 3000 ms and held down until 6000 ms, leaves 4000 ms',
    ],
    [
      'a kill held down for no time',
      'steps.2',
      { atMs: 3000, action: 'kill', process: 'catalog-service', downForMs: 0 },
      'steps[2].downForMs: must be an integer from 1 to 120000',
    ],
    [
      'a kill held down for too long',
      'steps.2',
      { atMs: 3000, action: 'kill', process: 'catalog-service', downForMs: 120_001 },
      'steps[2].downForMs: must be an integer from 1 to 120000',
    ],
    [
      'a kill held down for a fraction',
      'steps.2',
      { atMs: 3000, action: 'kill', process: 'catalog-service', downForMs: 1.5 },
      'steps[2].downForMs: must be an integer from 1 to 120000',
    ],
    [
      'an unknown checkout mode',
      'checkoutMode',
      'saga',
      'checkoutMode: must be one of orchestrated, choreographed',
    ],
    [
      'a checkout mode without checkout traffic',
      'checkoutMode',
      'choreographed',
      'checkoutMode: needs checkout traffic',
    ],
    ['an unknown traffic kind', 'traffic.kind', 'browse', 'traffic.kind: must be "checkout", or "paths"'],
    [
      'checkout traffic without shoppers',
      'traffic',
      { kind: 'checkout' },
      'traffic.shoppers: is required: an integer from 1 to 20',
    ],
    [
      'checkout traffic with too many shoppers',
      'traffic',
      { kind: 'checkout', shoppers: 21 },
      'traffic.shoppers: must be an integer from 1 to 20',
    ],
    [
      'checkout traffic with a long grace',
      'traffic',
      { kind: 'checkout', shoppers: 2, graceMs: 60_001 },
      'traffic.graceMs: must be an integer from 0 to 60000',
    ],
    [
      'checkout traffic with paths',
      'traffic',
      { kind: 'checkout', shoppers: 2, paths: ['/api/cart'] },
      'traffic.paths: unknown field',
    ],
    ['a clear step with a type', 'steps.2.type', 'down', 'steps[2].type: not allowed in a "clear" step'],
    [
      'a path that is a URL',
      'traffic.paths',
      ['http://example.com/'],
      'traffic.paths[0]: "http://example.com/"',
    ],
    ['a protocol-relative path', 'traffic.paths', ['//example.com/'], 'traffic.paths[0]'],
    ['no paths', 'traffic.paths', [], 'traffic.paths: must be a non-empty array'],
    ['a zero rate', 'traffic.ratePerSec', 0, 'traffic.ratePerSec: must be a number above 0 and at most 50'],
    ['a load test', 'traffic.ratePerSec', 51, 'traffic.ratePerSec: must be a number above 0 and at most 50'],
    ['an unknown traffic field', 'traffic.burst', 3, 'traffic.burst: unknown field'],
    ['an unknown field', 'speed', 2, 'speed: unknown field'],
    ['a bad name', 'name', 'Tiny Scenario', 'name: must be a kebab-case string'],
    ['no recovery tail', 'durationMs', 6000, 'leaves 3000 ms; keep a recovery tail of at least 5000 ms'],
    [
      'a fault that never ends',
      'steps.2',
      { atMs: 2500, action: 'inject', target: 'account', type: 'hang' },
      'steps[2]: the fault on "account" outlasts the scenario',
    ],
  ])('rejects %s with a message naming the file and the field', (_, jsonPath, value, message) => {
    const run = () => validateScenario(withField(jsonPath, value), 'tiny.json', ALL_TARGETS);
    expect(run).toThrow(message);
    expect(run).toThrow(/^Invalid scenario file tiny\.json: /);
    // A ConfigError: a bad file stops the start in one line (runServer), not with a stack trace.
    expect(run).toThrow(ConfigError);
  });
});

describe('faultWindows', () => {
  it('ends a fault at its expiry, its clear step or its replacement, whichever comes first', () => {
    const scenario = validateScenario(
      {
        ...good(),
        durationMs: 30_000,
        steps: [
          { atMs: 0, action: 'inject', target: 'catalog', type: 'down', durationMs: 5000 },
          { atMs: 1000, action: 'inject', target: 'cart', type: 'hang' },
          { atMs: 2000, action: 'inject', target: 'catalog', type: 'hang', durationMs: 60_000 },
          { atMs: 4000, action: 'clear', target: 'catalog' },
          { atMs: 9000, action: 'clear' },
        ],
      },
      'windows.json',
    );
    expect(faultWindows(scenario.steps)).toEqual([
      { index: 0, target: 'catalog', startMs: 0, endMs: 2000 },
      { index: 1, target: 'cart', startMs: 1000, endMs: 9000 },
      { index: 2, target: 'catalog', startMs: 2000, endMs: 4000 },
    ]);
  });
});

describe('scenario files', () => {
  it('every shipped scenario file loads and is named after its file', () => {
    const loaded = loadScenarios(defaultScenariosDir(), ALL_TARGETS);
    expect(loaded.map((s) => s.name)).toEqual([
      'account-flapping',
      'bff-crash-mid-checkout',
      'cart-slow',
      'catalog-outage',
      'everything-burns',
      'lost-responses',
      'order-events-consumer-down',
      'remote-cart-down',
    ]);
    for (const s of loaded) expect(s.steps.length).toBeGreaterThan(0);
  });

  it('ships the two crash scenarios with checkout traffic: lost answers, and a BFF killed mid-checkout', () => {
    const loaded = new Map(loadScenarios(defaultScenariosDir(), ALL_TARGETS).map((s) => [s.name, s]));
    const lost = loaded.get('lost-responses');
    expect(lost?.traffic).toMatchObject({ kind: 'checkout' });
    const lostFaults = lost?.steps.flatMap((step) => (step.action === 'inject' ? [step] : []));
    expect(lostFaults?.map((step) => [step.target, step.fault.type, step.fault.options])).toEqual([
      ['cart', 'lost-response', { percent: 30, holdMs: 0 }],
      ['catalog', 'lost-response', { percent: 30, holdMs: 2000 }],
    ]);
    expect(lost?.description).toMatch(/exactly once/);
    const crash = loaded.get('bff-crash-mid-checkout');
    expect(crash?.traffic).toMatchObject({ kind: 'checkout' });
    const kills = crash?.steps.flatMap((step) => (step.action === 'kill' ? [step] : []));
    expect(kills?.map((step) => step.process)).toEqual(['bff-1', 'bff-1', 'bff-1']);
    expect(crash?.steps.some((s) => s.action === 'inject' && s.fault.type === 'latency')).toBe(true);
    expect(crash?.description).toMatch(/supervisor restarts/);
  });

  it('ships the choreographed outage: the catalog held down while shoppers check out in choreographed mode', () => {
    const loaded = new Map(loadScenarios(defaultScenariosDir(), ALL_TARGETS).map((s) => [s.name, s]));
    const down = loaded.get('order-events-consumer-down');
    expect(down?.checkoutMode).toBe('choreographed');
    expect(down?.traffic).toMatchObject({ kind: 'checkout' });
    expect(down?.steps).toEqual([
      { atMs: 3000, action: 'kill', process: 'catalog-service', downForMs: 20_000 },
    ]);
  });

  it('every shipped fault ends and leaves a recovery tail of at least 8 s', () => {
    for (const scenario of loadScenarios(defaultScenariosDir(), ALL_TARGETS)) {
      // A kill held down ends when the supervisor restarts the process.
      const kills = scenario.steps.flatMap((step) =>
        step.action === 'kill' ? [step.atMs + (step.downForMs ?? 0)] : [],
      );
      const lastEnd = Math.max(...faultWindows(scenario.steps).map((w) => w.endMs), ...kills);
      expect(scenario.durationMs - lastEnd, scenario.name).toBeGreaterThanOrEqual(8000);
    }
  });

  it('lists a scenario with its traffic and its steps as written', () => {
    const [first] = loadScenarios(defaultScenariosDir(), ALL_TARGETS);
    if (first === undefined) throw new Error('no shipped scenario');
    const view = describeScenario(first);
    expect(view).toEqual({
      name: 'account-flapping',
      description: first.description,
      durationMs: 24_000,
      traffic: { ratePerSec: 5, paths: ['/api/account/status', '/api/catalog/products'] },
      steps: [
        {
          atMs: 2000,
          action: 'inject',
          target: 'account',
          type: 'flapping',
          options: { upMs: 2000, downMs: 2000 },
          durationMs: 14_000,
        },
      ],
    });
  });

  function dirWith(file: string, content: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'fault-proxy-scenarios-'));
    writeFileSync(path.join(dir, file), content);
    return dir;
  }

  const valid = {
    name: 'bad',
    description: 'x',
    durationMs: 10_000,
    traffic: { ratePerSec: 1, paths: ['/'] },
    steps: [
      {
        atMs: 0,
        action: 'inject',
        target: 'catalog',
        type: 'latency',
        options: { ms: 100 },
        durationMs: 2000,
      },
    ],
  };

  it.each([
    [
      'a bad fault',
      { ...valid, steps: [{ ...valid.steps[0], options: { ms: 99_999 } }] },
      /steps\[0\].*options\.ms/,
    ],
    ['an unknown target', { ...valid, steps: [{ ...valid.steps[0], target: 'nope' }] }, /steps\[0\]\.target/],
    ['a step past the end', { ...valid, steps: [{ ...valid.steps[0], atMs: 10_000 }] }, /steps\[0\]\.atMs/],
    ['a missing description', { ...valid, description: undefined }, /description/],
    ['a name that is not the file name', { ...valid, name: 'other' }, /name: must be "bad"/],
  ])('rejects %s, naming the file and the field', (_label, content, pattern) => {
    const dir = dirWith('bad.json', JSON.stringify(content));
    expect(() => loadScenarios(dir, ALL_TARGETS)).toThrow(pattern);
    expect(() => loadScenarios(dir, ALL_TARGETS)).toThrow(path.join(dir, 'bad.json'));
  });

  it('rejects a file that is not JSON, and a folder that does not exist', () => {
    const dir = dirWith('broken.json', '{ nope');
    expect(() => loadScenarios(dir)).toThrow(/broken\.json: \(file\): not valid JSON/);
    expect(() => loadScenarios(path.join(dir, 'nope'))).toThrow(ConfigError);
  });
});
