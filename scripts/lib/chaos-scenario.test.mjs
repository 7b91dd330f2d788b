import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ChaosError, createChaosClient } from './chaos-api.mjs';
import { startFakeStorefront } from './chaos-fake-storefront.mjs';
import {
  findScenario,
  isCheckoutTraffic,
  readScenario,
  scenarioProcesses,
  scenarioSummary,
  scenarioTargets,
} from './chaos-scenario.mjs';

const SHIPPED = [
  'account-flapping',
  'bff-crash-mid-checkout',
  'cart-slow',
  'catalog-outage',
  'everything-burns',
  'lost-responses',
  'order-events-consumer-down',
  'remote-cart-down',
];

/** A scenario as `GET /api/faults/scenarios` lists it. */
const listed = () => ({
  name: 'tiny',
  description: 'catalog down for 2 s',
  durationMs: 10_000,
  traffic: { ratePerSec: 5, paths: ['/api/catalog/products', 'registry:cart'] },
  steps: [
    { atMs: 1000, action: 'inject', target: 'catalog', type: 'down', durationMs: 2000 },
    { atMs: 2000, action: 'inject', target: 'cart', type: 'hang', durationMs: 2000 },
    { atMs: 2500, action: 'inject', target: 'catalog', type: 'hang', durationMs: 500 },
    { atMs: 3000, action: 'clear' },
  ],
});

/**
 * The ChaosError thrown by `fn`.
 * @param {() => unknown} fn
 * @returns {ChaosError}
 */
function errorOf(fn) {
  try {
    fn();
  } catch (err) {
    if (err instanceof ChaosError) return err;
    throw err;
  }
  throw new Error('expected a ChaosError');
}

describe('readScenario', () => {
  test('reads what running a scenario takes: name, description, length, traffic and steps', () => {
    expect(readScenario(listed())).toEqual({ ...listed(), checkoutMode: null });
  });

  test('reads checkout traffic and kill steps', () => {
    const crash = {
      ...listed(),
      traffic: { kind: 'checkout', shoppers: 4, pauseMs: 250, graceMs: 5000 },
      steps: [...listed().steps, { atMs: 4000, action: 'kill', process: 'bff-1' }],
    };
    const scenario = readScenario(crash);
    expect(scenario?.traffic).toEqual({ kind: 'checkout', shoppers: 4, pauseMs: 250, graceMs: 5000 });
    if (scenario === null) throw new Error('unread');
    expect(isCheckoutTraffic(scenario.traffic)).toBe(true);
    expect(scenarioProcesses(scenario)).toEqual(['bff-1']);
    expect(scenarioSummary(scenario)).toBe('catalog, cart; kills bff-1; 4 shoppers checking out');
    const plain = readScenario(listed());
    expect(plain && scenarioSummary(plain)).toBe('catalog, cart');
    // The defaults of an older proxy's answer without them.
    expect(readScenario({ ...crash, traffic: { kind: 'checkout', shoppers: 2 } })?.traffic).toEqual({
      kind: 'checkout',
      shoppers: 2,
      pauseMs: 1000,
      graceMs: 20_000,
    });
  });

  test('reads the checkout mode and a kill held down, and says both in the summary', () => {
    const outage = {
      ...listed(),
      checkoutMode: 'choreographed',
      traffic: { kind: 'checkout', shoppers: 6, pauseMs: 1500, graceMs: 20_000 },
      steps: [{ atMs: 3000, action: 'kill', process: 'catalog-service', downForMs: 20_000 }],
    };
    const scenario = readScenario(outage);
    if (scenario === null) throw new Error('unread');
    expect(scenario.checkoutMode).toBe('choreographed');
    expect(scenarioSummary(scenario)).toBe(
      'kills catalog-service; catalog-service down for 20.0s; 6 shoppers checking out (choreographed)',
    );
  });

  test.each([
    ['checkout traffic without shoppers', { traffic: { kind: 'checkout' } }],
    ['no traffic (a BFF that drops it)', { traffic: undefined }],
    ['a traffic without paths', { traffic: { ratePerSec: 5, paths: [] } }],
    ['a zero rate', { traffic: { ratePerSec: 0, paths: ['/api/cart'] } }],
    ['a path that is not text', { traffic: { ratePerSec: 1, paths: [7] } }],
    ['no steps', { steps: undefined }],
    ['no length', { durationMs: '20s' }],
  ])('is null for %s', (_, patch) => {
    expect(readScenario({ ...listed(), ...patch })).toBeNull();
  });
});

describe('findScenario', () => {
  test('finds a listed scenario by name', () => {
    expect(findScenario([listed()], 'tiny').name).toBe('tiny');
  });

  test('an unknown name is bad usage (exit code 2) and lists the known scenarios', () => {
    const err = errorOf(() => findScenario([listed(), { ...listed(), name: 'other' }], 'nope'));
    expect(err).toMatchObject({ code: 'SCENARIO_NOT_FOUND', exitCode: 2 });
    expect(err.message).toBe('no scenario "nope" (known: tiny, other)');
    expect(errorOf(() => findScenario([], 'nope')).message).toBe('no scenario "nope" (known: none)');
  });

  test('a scenario listed without its traffic cannot be run, and says why', () => {
    const err = errorOf(() => findScenario([{ ...listed(), traffic: undefined }], 'tiny'));
    expect(err).toMatchObject({ code: 'SCENARIO_UNREADABLE', exitCode: 1 });
    expect(err.message).toContain('without its traffic or steps');
  });
});

describe('scenarioTargets', () => {
  test('lists the targets in order of first use; a clear step without a target adds none', () => {
    expect(scenarioTargets(listed())).toEqual(['catalog', 'cart']);
    expect(scenarioTargets({ steps: 'nope' })).toEqual([]);
  });
});

describe('the scenarios the storefront lists', () => {
  /** @type {Awaited<ReturnType<typeof startFakeStorefront>>} */
  let storefront;
  beforeAll(async () => {
    storefront = await startFakeStorefront();
  });
  afterAll(() => storefront.close());

  test('every shipped scenario is listed with what the CLI needs to run it', async () => {
    const scenarios = await createChaosClient(storefront.url).scenarios();
    expect(scenarios.map((s) => s.name)).toEqual(SHIPPED);
    for (const raw of scenarios) expect(readScenario(raw), String(raw.name)).not.toBeNull();
  });
});
