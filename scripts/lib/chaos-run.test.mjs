import { afterEach, describe, expect, test } from 'vitest';
import { ChaosError } from './chaos-api.mjs';
import { startFakeStorefront } from './chaos-fake-storefront.mjs';
import { formatReport, median, runScenario, upstreamOfPath } from './chaos-run.mjs';
import { validateScenario } from './chaos-scenario.mjs';

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

// 30 s of scenario time, run at 10× speed: about 3 s of real time, with slack for a busy machine.
const scenario = validateScenario(
  {
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
  },
  'test-outage',
);

describe('runScenario', () => {
  test('injects on time, records the breaker transitions, counts degraded answers and clears everything', async () => {
    const storefront = await fake();
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
      return `${e.kind} ${e.target}`;
    });
    expect(kinds).toEqual(
      expect.arrayContaining([
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

    // The scaled fault duration went to the API; the fault options did not change.
    const put = storefront.log.faultCalls.find((c) => c.method === 'PUT' && c.path === '/api/faults/cart');
    expect(put?.body).toEqual({ type: 'latency', options: { ms: 2500 }, durationMs: 1000 });

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

    // Every fault the run injected is cleared at the end, and the cart session cookie was ours.
    expect(report.injected.sort()).toEqual(['cart', 'catalog']);
    expect(report.cleanup).toEqual({ cleared: ['catalog', 'cart'], failed: [], stillActive: [] });
    expect(storefront.activeFaults()).toEqual([]);
    expect(storefront.log.faultCalls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual(
      expect.arrayContaining(['/api/faults/catalog', '/api/faults/cart']),
    );
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
    expect(text).toMatch(/all breakers closed$/);
    expect(lines.some((l) => l.includes('inject   catalog: down'))).toBe(true);
  });

  test('stopped early (Ctrl-C), it still clears the faults it injected and reports what stayed open', async () => {
    const storefront = await fake({ closeAfterMs: 60_000 });
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
    expect(report.cleanup.stillActive).toEqual([]);
    expect(storefront.activeFaults()).toEqual([]);
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

  test('refuses a storefront that is not on this machine, and a remote missing from the registry', async () => {
    await expect(runScenario({ baseUrl: 'http://example.com', scenario })).rejects.toMatchObject({
      code: 'NOT_LOOPBACK',
    });
    const storefront = await fake();
    const other = validateScenario(
      { ...scenario, traffic: { ratePerSec: 1, paths: ['registry:account'] } },
      'x',
    );
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
