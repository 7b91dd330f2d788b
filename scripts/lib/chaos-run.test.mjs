import { afterEach, describe, expect, test } from 'vitest';
import { ChaosError } from './chaos-api.mjs';
import { startFakeStorefront } from './chaos-fake-storefront.mjs';
import { formatReport, median } from './chaos-report.mjs';
import { runScenario } from './chaos-run.mjs';
import { upstreamOfPath } from './chaos-traffic.mjs';

/** @type {Awaited<ReturnType<typeof startFakeStorefront>>[]} */
const fakes = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

/** @param {Parameters<typeof startFakeStorefront>[0]} [opts] */
async function fake(opts) {
  const f = await startFakeStorefront(opts);
  fakes.push(f);
  return f;
}

// 30 s of scenario time, run at 10× speed: about 3 s of real time, with slack for a busy machine. As the fault
// proxy lists it (the fake runs its steps).
/** @type {import('./chaos-fake-storefront.mjs').FakeScenario} */
const scenario = {
  name: 'test-outage',
  description: 'catalog down then cleared; cart slow and expiring',
  durationMs: 30_000,
  traffic: { ratePerSec: 20, paths: ['/api/catalog/products', 'registry:cart'] },
  steps: [
    { atMs: 2000, action: 'inject', target: 'catalog', type: 'down', durationMs: 60_000 },
    {
      atMs: 2000,
      action: 'inject',
      target: 'cart',
      type: 'latency',
      options: { ms: 2500 },
      durationMs: 10_000,
    },
    { atMs: 8000, action: 'clear', target: 'catalog' },
  ],
};

describe('runScenario', () => {
  test('has the proxy run the steps, reports its faults and the breaker transitions, and clears everything', async () => {
    const storefront = await fake({ scenarios: [scenario] });
    /** @type {string[]} */
    const lines = [];
    const report = await runScenario({
      baseUrl: storefront.url,
      scenario,
      speed: 10,
      log: (l) => lines.push(l),
    });

    const kinds = report.timeline.map((e) => {
      if (e.kind === 'transition') return `transition ${e.upstream} ${e.from}>${e.to}`;
      if (e.kind === 'error') return `error ${e.message}`;
      if (e.kind === 'scenario') return `scenario ${e.name} ${e.event}`;
      if (e.kind === 'kill') return `kill ${e.process}`;
      return `${e.kind} ${e.target}`;
    });
    expect(kinds).toEqual(
      expect.arrayContaining([
        'scenario test-outage started',
        'scenario test-outage finished',
        'inject catalog',
        'inject cart',
        'clear catalog',
        'expired cart',
        'transition catalog closed>open',
        'transition catalog open>half-open',
        'transition catalog half-open>closed',
        'transition cart closed>open',
        'transition cart half-open>closed',
      ]),
    );
    expect(kinds.filter((k) => k.startsWith('error'))).toEqual([]);
    // Each transition once, although every snapshot repeats it.
    expect(kinds.filter((k) => k === 'transition catalog closed>open')).toHaveLength(1);
    const times = report.timeline.map((e) => e.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // One executor: the CLI only started the scenario with its speed; the proxy injected the faults, with the
    // scaled duration the report shows.
    const calls = storefront.log.faultCalls.filter((c) => c.method !== 'GET');
    expect(calls[0]).toEqual({
      method: 'POST',
      path: '/api/faults/scenarios/test-outage/run',
      body: { speed: 10 },
    });
    expect(calls.filter((c) => c.method === 'PUT')).toEqual([]);
    const cartInject = report.timeline.find((e) => e.kind === 'inject' && e.target === 'cart');
    expect(cartInject).toMatchObject({ fault: 'latency 2500ms', durationMs: 1000 });
    expect(cartInject?.atMs).toBeGreaterThanOrEqual(150);

    const catalog = report.upstreams.find((u) => u.name === 'catalog');
    expect(catalog).toMatchObject({ breaker: true, finalState: 'closed', transitions: 3 });
    expect(catalog?.openMs).toBeGreaterThan(0);
    expect(catalog?.degraded).toBeGreaterThan(0);
    expect(catalog?.ok).toBeGreaterThan(0);
    expect(catalog?.maxMs).not.toBeNull();
    const remote = report.upstreams.find((u) => u.name === 'remote-cart');
    expect(remote).toMatchObject({ breaker: false, finalState: null });
    expect(remote?.requests).toBeGreaterThan(0);
    expect(report.traffic.sent).toBeGreaterThan(0);

    // At the end the scenario is cancelled and every fault cleared; the cart session cookie was ours.
    expect(report.injected.sort()).toEqual(['cart', 'catalog']);
    expect(report.cleanup).toEqual({ cleared: [], failed: [], stillActive: [] });
    expect(storefront.activeFaults()).toEqual([]);
    expect(storefront.currentRun()).toBeNull();
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual([
      '/api/faults/scenarios/current',
      '/api/faults',
    ]);
    expect(new Set(storefront.log.cookies).size).toBe(1);
    expect(storefront.log.cookies[0]).toMatch(/^sf_cart=[\w-]{22}$/);

    expect(report).toMatchObject({
      aborted: false,
      breakersKnown: true,
      allBreakersClosed: true,
      notClosed: [],
    });
    const text = formatReport(report);
    expect(text).toContain('breaker  catalog: closed → open');
    expect(text).toContain('inject   cart: latency 2500ms for 1.0s');
    expect(text).toContain('faults cleared: ');
    expect(text).toMatch(/all breakers closed$/);
    expect(lines.some((l) => l.includes('inject   catalog: down'))).toBe(true);
  });

  test('stopped early (Ctrl-C), it cancels the scenario, clears its faults and reports what stayed open', async () => {
    const storefront = await fake({ closeAfterMs: 60_000, scenarios: [scenario] });
    const controller = new AbortController();
    const report = await runScenario({
      baseUrl: storefront.url,
      scenario,
      speed: 10,
      log: (line) => {
        if (line.includes('inject   cart')) controller.abort();
      },
      signal: controller.signal,
    });
    expect(report.aborted).toBe(true);
    expect(report.timeline.some((e) => e.kind === 'clear' && e.reason === 'cleanup')).toBe(true);
    expect(report.timeline.some((e) => e.kind === 'scenario' && e.event === 'cancelled')).toBe(true);
    expect(report.cleanup.stillActive).toEqual([]);
    expect(report.cleanup.cleared.sort()).toEqual(['cart', 'catalog']);
    expect(storefront.activeFaults()).toEqual([]);
    expect(storefront.currentRun()).toBeNull();
    expect(report.allBreakersClosed).toBe(false);
    expect(report.notClosed).toEqual(['catalog (open)', 'cart (open)']);
    expect(formatReport(report)).toMatch(/not closed: catalog \(open\), cart \(open\)$/);
  });

  test('with demo mode off it fails before injecting anything', async () => {
    const storefront = await fake({ demoMode: false });
    const run = runScenario({ baseUrl: storefront.url, scenario, speed: 10 });
    await expect(run).rejects.toThrow(ChaosError);
    await expect(run).rejects.toMatchObject({
      code: 'FAULT_API_UNAVAILABLE',
      message: 'fault API not available (is the storefront running with demo mode on?)',
    });
    expect(storefront.log.faultCalls).toEqual([]);
  });

  test('a scenario the proxy does not know fails before anything starts', async () => {
    const storefront = await fake({ scenarios: [] });
    await expect(runScenario({ baseUrl: storefront.url, scenario, speed: 10 })).rejects.toMatchObject({
      code: 'UNKNOWN_SCENARIO',
    });
    expect(storefront.activeFaults()).toEqual([]);
    await expect(runScenario({ baseUrl: storefront.url, scenario, speed: 50 })).rejects.toMatchObject({
      code: 'BAD_SPEED',
    });
  });

  test('refuses a storefront that is not on this machine, and a remote missing from the registry', async () => {
    await expect(runScenario({ baseUrl: 'http://example.com', scenario })).rejects.toMatchObject({
      code: 'NOT_LOOPBACK',
    });
    const storefront = await fake();
    const other = { ...scenario, traffic: { ratePerSec: 1, paths: ['registry:account'] } };
    await expect(runScenario({ baseUrl: storefront.url, scenario: other })).rejects.toMatchObject({
      code: 'REGISTRY_REMOTE_MISSING',
    });
    expect(storefront.log.faultCalls.filter((c) => c.method !== 'GET')).toEqual([]);
  });
});

describe('helpers', () => {
  test('median and upstreamOfPath', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(upstreamOfPath('/api/catalog/products?featured=true')).toBe('catalog');
    expect(upstreamOfPath('/api/account/status')).toBe('account');
    expect(upstreamOfPath('registry:cart')).toBe('remote-cart');
  });
});
